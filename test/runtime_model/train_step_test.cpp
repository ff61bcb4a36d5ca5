// Model::trainStep on the tiny model's head phase: one step against the plain reference (gradients by its own
// reverse walk, then Keras's Adam), and the checks it makes before the generated code runs.
#include "xcc/runtime/error.h"
#include "xcc/runtime/model.h"

#include "reference_interpreter.h"
#include "reference_train.h"

#include "error_of.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace xcc::rt {
namespace {

using test::errorOf;

/// `n` 8x8 RGB images of pixels drawn uniformly from [0, 255) with `seed`.
std::vector<float> randomImages(int64_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> pixel(0, 255);
  std::vector<float> images(size_t(n) * 8 * 8 * 3);
  for (float &v : images)
    v = pixel(rng);
  return images;
}

/// The model's parameters as the reference takes them.
std::vector<ref::TensorD> referenceParams(const Model &model) {
  std::vector<ref::TensorD> params;
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i)
    params.push_back(ref::Tensor(model.manifest().parameters[i].shape, model.parameter(i)).cast<double>());
  return params;
}

TEST(TrainStep, MatchesReferenceGradientsAndKerasAdam) {
  const std::string dir = XCC_TINY_HEAD_REFERENCE_DIR;
  kg::Graph g = xcc::test::loadReferenceGraph(dir);
  xcc::test::TrainConfig config = xcc::test::loadTrainConfig(dir);
  Model model(XCC_ARTIFACT_SYMBOL());
  ASSERT_TRUE(model.canTrain());
  ASSERT_EQ(model.numSlots(), 2u); // Adam's m and v

  const int64_t batch = 2;
  std::vector<float> images = randomImages(batch, 5), labels = {1, 0}, weights = {1.0f, 2.5f};
  std::vector<ref::TensorD> params = referenceParams(model);

  xcc::test::TrainBatch b;
  b.input = ref::Tensor({batch, 8, 8, 3}, images).cast<double>();
  b.labels = ref::Tensor({batch, 1}, labels).cast<double>();
  b.sampleWeights = {1.0, 2.5};
  b.dropoutSeed = 77;
  b.iteration = 0;
  xcc::test::ReferenceStep want = xcc::test::referenceTrainStep(g, config, b, params);

  const float lr = 0.01f;
  Model::StepResult got = model.trainStep(images.data(), labels.data(), weights.data(), batch, lr, 77);
  EXPECT_NEAR(got.loss, want.loss, 1e-4 * std::max(1.0, std::fabs(want.loss)));
  ASSERT_EQ(got.metricHits.size(), want.metricHits.size());
  EXPECT_EQ(got.metricHits[0], float(want.metricHits[0]));
  EXPECT_EQ(model.iterations(), 1);

  // Keras's Adam at t = 1: m = (1-b1) g, v = (1-b2) g^2, w -= lr sqrt(1-b2)/(1-b1) m / (sqrt(v) + eps).
  // Tolerance: float32 step against a double reference; relative to the step size lr.
  for (size_t i = 0; i < params.size(); ++i) {
    const std::vector<double> &grad = want.grads[i].data;
    for (size_t j = 0; j < grad.size(); ++j) {
      double m = 0.1 * grad[j], v = 0.001 * grad[j] * grad[j];
      double w = params[i].data[j] - lr * std::sqrt(0.001) / 0.1 * m / (std::sqrt(v) + 1e-7);
      EXPECT_NEAR(model.parameter(i)[j], w, 2e-5) << model.manifest().parameters[i].layer << " " << j;
      EXPECT_NEAR(model.slot(0, i)[j], m, 1e-5 * std::max(1.0, std::fabs(m)));
    }
  }
}

TEST(TrainStep, RejectsLabelsTheLossCannotUseAndKeepsTheParameters) {
  Model model(XCC_ARTIFACT_SYMBOL());
  std::vector<float> before = model.parameter(2), images(2 * 8 * 8 * 3, 100.0f);
  std::vector<float> bad = {1, 2};
  std::string why = errorOf([&] { model.trainStep(images.data(), bad.data(), nullptr, 2, 0.01f, 0); });
  EXPECT_NE(why.find("label 2.000000 of sample 1 is outside [0, 1]"), std::string::npos) << why;
  std::vector<float> nan = {NAN, 0};
  EXPECT_NE(errorOf([&] { model.trainStep(images.data(), nan.data(), nullptr, 2, 0.01f, 0); }).find("sample 0"),
            std::string::npos);
  EXPECT_EQ(model.parameter(2), before);
  EXPECT_EQ(model.iterations(), 0);
  EXPECT_NE(errorOf([&] { model.trainStep(images.data(), nullptr, nullptr, 2, 0.01f, 0); }).find("no labels"),
            std::string::npos);
}

TEST(TrainStep, InferenceArtifactHasNoTrainStep) {
  xcc_artifact forwardOnly = *XCC_ARTIFACT_SYMBOL();
  forwardOnly.train_step_argv = nullptr;
  Model model(&forwardOnly);
  EXPECT_FALSE(model.canTrain());
  std::vector<float> images(8 * 8 * 3), labels = {0};
  EXPECT_NE(errorOf([&] { model.trainStep(images.data(), labels.data(), nullptr, 1, 0.01f, 0); })
                .find("has no train step"),
            std::string::npos);
}

// The head phase splits off its frozen prefix (the base and the global max pool, up to the first trainable
// layer): the step from the prefix's output is the step from the images, and so is the forward.
TEST(TrainStep, StepFromFeaturesIsTheStepFromImages) {
  Model fromImages(XCC_ARTIFACT_SYMBOL()), fromFeatures(XCC_ARTIFACT_SYMBOL());
  ASSERT_TRUE(fromFeatures.hasFrozenPrefix());
  EXPECT_EQ(fromFeatures.manifest().features.layer, "gmp");
  ASSERT_EQ(fromFeatures.featuresPerSample(), 8);
  std::vector<float> images = randomImages(3, 9), labels = {1, 0, 1};
  for (int step = 0; step < 3; ++step) {
    Model::StepResult a = fromImages.trainStep(images.data(), labels.data(), nullptr, 3, 0.01f, 5);
    std::vector<float> f = fromFeatures.features(images.data(), 3);
    ASSERT_EQ(f.size(), 3u * 8u);
    Model::StepResult b = fromFeatures.trainStepOnFeatures(f.data(), labels.data(), nullptr, 3, 0.01f, 5);
    EXPECT_EQ(a.loss, b.loss);
    EXPECT_EQ(a.metricHits, b.metricHits);
  }
  for (size_t i = 0; i < fromImages.manifest().parameters.size(); ++i)
    EXPECT_EQ(fromImages.parameter(i), fromFeatures.parameter(i)) << i;
  // Two pipelines against one fused forward: the same operations, possibly in another order (1e-6 relative).
  std::vector<float> whole = fromImages.predict(images), f = fromFeatures.features(images.data(), 3);
  std::vector<float> split = fromFeatures.predictFromFeatures(f.data(), 3);
  ASSERT_EQ(split.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i)
    EXPECT_NEAR(split[i], whole[i], 1e-6 * std::max(1.0f, std::fabs(whole[i]))) << i;
}

TEST(TrainStep, ResetOptimizerZeroesSlotsAndIterations) {
  Model model(XCC_ARTIFACT_SYMBOL());
  std::vector<float> images(8 * 8 * 3, 30.0f), labels = {1};
  model.trainStep(images.data(), labels.data(), nullptr, 1, 0.01f, 0);
  model.trainStep(images.data(), labels.data(), nullptr, 1, 0.01f, 0);
  EXPECT_EQ(model.iterations(), 2);
  model.resetOptimizer();
  EXPECT_EQ(model.iterations(), 0);
  for (float v : model.slot(1, 2))
    EXPECT_EQ(v, 0.0f);
}

// The step's two halves (abi.h): gradientStep then applyGradients is trainStep, bit for bit, from images and from
// the frozen prefix's features, over steps whose dropout masks and Adam bias corrections differ.
TEST(TrainStep, GradientThenUpdateIsTheStep) {
  Model whole(XCC_ARTIFACT_SYMBOL()), halves(XCC_ARTIFACT_SYMBOL()), fromFeatures(XCC_ARTIFACT_SYMBOL());
  std::vector<float> images = randomImages(4, 3), labels = {1, 0, 0, 1}, weights = {1, 0.5f, 2, 1};
  for (int step = 0; step < 3; ++step) {
    Model::StepResult a = whole.trainStep(images.data(), labels.data(), weights.data(), 4, 0.01f, 11);
    Model::GradientResult g = halves.gradientStep(images.data(), labels.data(), weights.data(), 4, 11);
    std::vector<float> f = fromFeatures.features(images.data(), 4);
    Model::GradientResult h = fromFeatures.gradientStepOnFeatures(f.data(), labels.data(), weights.data(), 4, 11);
    EXPECT_EQ(g.loss, a.loss);
    EXPECT_EQ(g.metricHits, a.metricHits);
    EXPECT_EQ(h.loss, a.loss);
    EXPECT_EQ(h.gradients, g.gradients);
    EXPECT_EQ(halves.iterations(), step); // the gradient half changes nothing
    halves.applyGradients(g.gradients, 0.01f);
    fromFeatures.applyGradients(h.gradients, 0.01f);
  }
  EXPECT_EQ(halves.iterations(), 3);
  for (size_t i = 0; i < whole.manifest().parameters.size(); ++i) {
    EXPECT_EQ(halves.parameter(i), whole.parameter(i)) << i;
    EXPECT_EQ(fromFeatures.parameter(i), whole.parameter(i)) << i;
    for (size_t k = 0; k < whole.numSlots(); ++k)
      EXPECT_EQ(halves.slot(k, i), whole.slot(k, i)) << k << " " << i;
  }
}

// The gradient half against the plain reference's own reverse walk (float32 against double: 1e-4 relative, 1e-6
// absolute), and the update's refusal of gradients of the wrong size, which leaves everything as it was.
TEST(TrainStep, GradientStepMatchesReferenceGradients) {
  const std::string dir = XCC_TINY_HEAD_REFERENCE_DIR;
  kg::Graph g = xcc::test::loadReferenceGraph(dir);
  xcc::test::TrainConfig config = xcc::test::loadTrainConfig(dir);
  Model model(XCC_ARTIFACT_SYMBOL());
  std::vector<float> images = randomImages(3, 8), labels = {0, 1, 1};
  std::vector<ref::TensorD> params = referenceParams(model);
  xcc::test::TrainBatch b;
  b.input = ref::Tensor({3, 8, 8, 3}, images).cast<double>();
  b.labels = ref::Tensor({3, 1}, labels).cast<double>();
  b.sampleWeights = {1.0, 1.0, 1.0};
  b.dropoutSeed = 4;
  xcc::test::ReferenceStep want = xcc::test::referenceTrainStep(g, config, b, params);
  Model::GradientResult got = model.gradientStep(images.data(), labels.data(), nullptr, 3, 4);
  ASSERT_EQ(got.gradients.size(), want.grads.size());
  for (size_t i = 0; i < got.gradients.size(); ++i) {
    ASSERT_EQ(got.gradients[i].size(), want.grads[i].data.size()) << i;
    for (size_t j = 0; j < got.gradients[i].size(); ++j)
      EXPECT_NEAR(got.gradients[i][j], want.grads[i].data[j], 1e-6 + 1e-4 * std::fabs(want.grads[i].data[j]))
          << model.manifest().parameters[i].layer << " " << j;
  }

  std::vector<float> before = model.parameter(0);
  got.gradients[0].pop_back();
  EXPECT_NE(errorOf([&] { model.applyGradients(got.gradients, 0.01f); }).find("values, the parameter"),
            std::string::npos);
  EXPECT_EQ(model.parameter(0), before);
  EXPECT_EQ(model.iterations(), 0);
}

// Keras 3's gradient_accumulation_steps=2 written out with the step's halves: every batch counts an iteration (its
// dropout masks and, at the update, Adam's bias correction see it), and every second one updates with the mean of
// the two gradients. trainStep with setAccumulationSteps(2) must be exactly that, over two updates.
TEST(TrainStep, AccumulationIsKeras3GradientAccumulation) {
  Model accumulating(XCC_ARTIFACT_SYMBOL()), byHand(XCC_ARTIFACT_SYMBOL());
  accumulating.setAccumulationSteps(2);
  std::vector<float> images = randomImages(4 * 2, 6);
  const std::vector<float> labels = {1, 0};
  std::vector<std::vector<float>> sum;
  for (int step = 0; step < 4; ++step) {
    const float *batch = images.data() + step * 2 * 8 * 8 * 3;
    std::vector<float> before = accumulating.parameter(2);
    Model::StepResult got = accumulating.trainStep(batch, labels.data(), nullptr, 2, 0.01f, 9);
    Model::GradientResult g = byHand.gradientStep(batch, labels.data(), nullptr, 2, 9);
    EXPECT_EQ(got.loss, g.loss);
    if (sum.empty())
      sum = g.gradients;
    else
      for (size_t i = 0; i < sum.size(); ++i)
        for (size_t j = 0; j < sum[i].size(); ++j)
          sum[i][j] = g.gradients[i][j] + sum[i][j];
    EXPECT_EQ(accumulating.iterations(), step + 1);
    if (step % 2 == 0) {
      EXPECT_EQ(accumulating.parameter(2), before) << "no update on step " << step;
      EXPECT_EQ(accumulating.accumulatedGradients(), g.gradients);
      byHand.setIterations(step + 1);
      continue;
    }
    for (std::vector<float> &v : sum)
      for (float &x : v)
        x /= 2.0f;
    byHand.applyGradients(sum, 0.01f);
    sum.clear();
    EXPECT_TRUE(accumulating.accumulatedGradients().empty());
    for (size_t i = 0; i < byHand.manifest().parameters.size(); ++i)
      EXPECT_EQ(accumulating.parameter(i), byHand.parameter(i)) << "step " << step << " parameter " << i;
  }
  for (size_t i = 0; i < byHand.manifest().parameters.size(); ++i)
    EXPECT_EQ(accumulating.slot(1, i), byHand.slot(1, i)) << i;
  EXPECT_NE(errorOf([&] { accumulating.setAccumulationSteps(0); }).find("at least 1"), std::string::npos);
}

// Data parallelism on one process (data_parallel.h): two ranks' slices of a batch of 5, each at its offset in the
// global batch, give gradients and losses whose n_r/N-weighted sum is the whole batch's (float32 sums in another
// order: 1e-5 relative, 1e-7 absolute). The model's Dropout draws by the global index, so the same slices at offset
// 0 must not match: that shows the offset reaches the mask. Every gradient is announced once, already final.
TEST(TrainStep, SlicesAtTheirOffsetsSumToTheWholeBatch) {
  Model model(XCC_ARTIFACT_SYMBOL());
  const int64_t N = 5, first = 3;
  std::vector<float> images = randomImages(N, 12), labels = {1, 0, 0, 1, 1}, weights = {1, 0.5f, 2, 1, 1.5f};
  Model::GradientResult whole = model.gradientStep(images.data(), labels.data(), weights.data(), N, 21);
  const size_t per = 8 * 8 * 3, P = whole.gradients.size();
  auto slices = [&](int32_t secondOffset, std::vector<int> *announced) {
    std::vector<std::vector<float>> atAnnouncement(P);
    BatchSlice a, b{secondOffset, [&](size_t i, std::vector<float> &g) {
                      announced->at(i) += 1;
                      atAnnouncement[i] = g;
                    }};
    Model::GradientResult g0 = model.gradientStep(images.data(), labels.data(), weights.data(), first, 21, a);
    Model::GradientResult g1 = model.gradientStep(images.data() + first * per, labels.data() + first,
                                                  weights.data() + first, N - first, 21, announced ? b : a);
    if (announced)
      for (size_t i = 0; i < P; ++i)
        EXPECT_EQ(atAnnouncement[i], g1.gradients[i]) << "parameter " << i << " changed after its announcement";
    Model::GradientResult sum = g0;
    const float s0 = float(first) / float(N), s1 = float(N - first) / float(N);
    sum.loss = g0.loss * s0 + g1.loss * s1;
    for (size_t i = 0; i < P; ++i)
      for (size_t j = 0; j < sum.gradients[i].size(); ++j)
        sum.gradients[i][j] = g0.gradients[i][j] * s0 + g1.gradients[i][j] * s1;
    return sum;
  };
  auto largestError = [&](const Model::GradientResult &sum) {
    double worst = std::fabs(sum.loss - whole.loss) / (1e-7 + 1e-5 * std::fabs(whole.loss));
    for (size_t i = 0; i < P; ++i)
      for (size_t j = 0; j < whole.gradients[i].size(); ++j)
        worst = std::max(worst, std::fabs(sum.gradients[i][j] - whole.gradients[i][j]) /
                                    (1e-7 + 1e-5 * std::fabs(whole.gradients[i][j])));
    return worst; // <= 1: within the tolerance
  };
  std::vector<int> announced(P, 0);
  EXPECT_LE(largestError(slices(int32_t(first), &announced)), 1.0);
  EXPECT_EQ(announced, std::vector<int>(P, 1));
  EXPECT_GT(largestError(slices(0, nullptr)), 1.0) << "the second slice's dropout masks ignore its offset";
}

} // namespace
} // namespace xcc::rt
