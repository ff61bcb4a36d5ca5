#include "xcc/runtime/model.h"
#include "xcc/initializers/initializers.h"
#include "xcc/runtime/cpu_features.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/generated_memory.h"
#include "xcc/runtime/train_plan.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <string>

namespace xcc::rt {
namespace {

std::string describe(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + (shape[i] < 0 ? std::string("None") : std::to_string(shape[i]));
  return s + ")";
}

/// A host buffer over `data` with Keras shape `shape`: Halide's dimension 0 is Keras's last axis.
struct HostBuffer {
  std::vector<xcc_dimension_t> dims;
  xcc_buffer_t buffer{};

  HostBuffer(const std::vector<int64_t> &shape, const float *data) : dims(shape.size()) {
    int64_t stride = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
      int64_t extent = shape[shape.size() - 1 - i];
      dims[i] = {0, int32_t(extent), int32_t(stride), 0};
      stride *= extent;
    }
    buffer.host = reinterpret_cast<uint8_t *>(const_cast<float *>(data)); // inputs are only read
    buffer.type = {XCC_TYPE_FLOAT, 32, 1};
    buffer.dimensions = int32_t(shape.size());
    buffer.dim = dims.data();
  }
};

/// The argv of a generated call: host buffers (kept at stable addresses) and scalars by address, in order.
class Argv {
public:
  void add(const std::vector<int64_t> &shape, const float *data) {
    buffers.emplace_back(shape, data);
    args.push_back(&buffers.back().buffer);
  }
  void scalar(void *value) { args.push_back(value); }
  void **data() { return args.data(); }

private:
  std::deque<HostBuffer> buffers;
  std::vector<void *> args;
};

// The runtime's halide_malloc (generated_memory.cpp) replaces the weak default inside each generated library only
// if its object file is linked, and the linker takes a static library's member only when something refers to
// it. This reference makes every program that runs a Model use it.
[[maybe_unused]] __attribute__((used)) GeneratedMemoryStats (*const kLinkGeneratedMemory)() = &generatedMemoryStats;

/// What a train step's failure code means, for the message.
std::string planFailure(int rc) {
  if (rc == XCC_PLAN_NO_MEMORY)
    return " (out of memory for its intermediates)";
  if (rc == XCC_PLAN_NOT_DENSE)
    return " (a parameter has more elements than one Halide dimension holds)";
  if (rc == XCC_PLAN_BAD_BUFFER)
    return " (a buffer does not have the shape its pipeline was compiled for; the message went to stderr)";
  return " (a Halide error code; its message went to stderr)";
}

} // namespace

Model::Model(const xcc_artifact *artifact) : artifact_(artifact) {
  if (!artifact || !artifact->manifest_json || !artifact->forward_argv)
    throw RuntimeError("invalid artifact: no manifest or no forward function");
  manifest_ = parseManifest(artifact->manifest_json);
  if (std::string missing = missingCpuFeatures(manifest_.target, hostCpuFeatures()); !missing.empty())
    throw RuntimeError("model '" + manifest_.model + "' phase '" + manifest_.phase + "' was compiled for " +
                       manifest_.target + ", and this CPU lacks " + missing +
                       ": its code would stop at the first illegal instruction. Compile it for this CPU, e.g. "
                       "`xcc compile --target x86-64-linux-sse41-avx-f16c-fma-avx2` (xcc_add_model's TARGET) for a "
                       "CPU without AVX-512");
  if (manifest_.input.shape.size() != 4)
    throw RuntimeError("model '" + manifest_.model + "' takes input " + describe(manifest_.input.shape) +
                       "; the runtime feeds images (batch, height, width, channels)");
  values_.resize(manifest_.parameters.size());
  drawInitializers(std::nullopt);
}

size_t Model::redrawInitializers(uint64_t seed) { return drawInitializers(seed); }

size_t Model::drawInitializers(std::optional<uint64_t> reseedWith) {
  size_t drawn = 0;
  for (size_t i = 0; i < manifest_.parameters.size(); ++i) {
    const ParameterSpec &p = manifest_.parameters[i];
    if (p.init == "weights")
      continue;
    values_[i] = initialValues(p.init, p.weight, p.shape, reseedWith ? reseed(p.seed, *reseedWith) : p.seed);
    ++drawn;
  }
  if (canTrain())
    resetOptimizer();
  return drawn;
}

void Model::checkBatch(int64_t batch) const {
  // Halide extents and strides are int32: the whole batch must be addressable with them.
  int64_t limit = std::numeric_limits<int32_t>::max() / std::max<int64_t>(
      1, std::max(manifest_.input.valuesPerSample(), manifest_.output.valuesPerSample()));
  if (batch < 1 || batch > limit)
    throw RuntimeError("batch size " + std::to_string(batch) + " is out of range (1 to " + std::to_string(limit) + ")");
}

void Model::requireValues() const {
  for (size_t i = 0; i < values_.size(); ++i)
    if (values_[i].empty()) {
      const ParameterSpec &p = manifest_.parameters[i];
      throw RuntimeError("parameter '" + p.layer + "/" + p.weight + "' comes from the weights file (as '" +
                         p.sourceLayer + "/" + p.sourceWeight + "') and has no value yet: load the weights file "
                         "first (loadInitialWeights, or --weights FILE on the command line)");
    }
}

void Model::setParameter(size_t i, std::vector<float> values) {
  const ParameterSpec &p = manifest_.parameters.at(i);
  if (int64_t(values.size()) != p.numElements())
    throw RuntimeError("parameter '" + p.layer + "/" + p.weight + "' of shape " + describe(p.shape) + " needs " +
                       std::to_string(p.numElements()) + " values, got " + std::to_string(values.size()));
  values_[i] = std::move(values);
}

std::vector<float> Model::predict(const std::vector<float> &input) const {
  int64_t per = manifest_.input.valuesPerSample();
  if (input.empty() || int64_t(input.size()) % per != 0)
    throw RuntimeError("model '" + manifest_.model + "' takes images of shape " + describe(manifest_.input.shape) +
                       " (" + std::to_string(per) + " values each); got " + std::to_string(input.size()) +
                       " values, not a whole number of images");
  return predict(input.data(), int64_t(input.size()) / per);
}

std::vector<float> Model::predict(const float *batchNHWC, int64_t batch) const {
  return runForward(artifact_->forward_argv, "predict", manifest_.input.shape, batchNHWC, batch, true,
                    manifest_.output);
}

bool Model::hasFrozenPrefix() const {
  return artifact_->features_argv && artifact_->head_forward_argv && artifact_->train_step_from_features_argv &&
         !manifest_.features.shape.empty();
}

void Model::requirePrefix() const {
  if (!hasFrozenPrefix())
    throw RuntimeError("model '" + manifest_.model + "' phase '" + manifest_.phase + "' has no frozen prefix");
}

std::vector<float> Model::features(const float *batchNHWC, int64_t batch) const {
  requirePrefix();
  return runForward(artifact_->features_argv, "features", manifest_.input.shape, batchNHWC, batch, false,
                    manifest_.features);
}

std::vector<float> Model::predictFromFeatures(const float *features, int64_t batch) const {
  requirePrefix();
  return runForward(artifact_->head_forward_argv, "predict from features", manifest_.features.shape, features,
                    batch, true, manifest_.output);
}

std::vector<float> Model::runForward(int (*function)(void **), const char *what, const std::vector<int64_t> &inShape,
                                     const float *input, int64_t batch, bool withParams,
                                     const TensorSpec &output) const {
  checkBatch(batch);
  if (!input)
    throw RuntimeError(std::string(what) + ": no input data");
  if (withParams)
    requireValues();

  std::vector<int64_t> in = inShape, outShape = output.shape;
  in[0] = outShape[0] = batch;
  std::vector<float> out(size_t(batch * output.valuesPerSample()));
  Argv argv;
  argv.add(in, input);
  for (size_t i = 0; withParams && i < values_.size(); ++i)
    argv.add(manifest_.parameters[i].shape, values_[i].data());
  argv.add(outShape, out.data());
  if (int rc = function(argv.data()); rc != 0)
    throw RuntimeError("generated " + std::string(what) + " of '" + manifest_.function + "' failed with code " +
                       std::to_string(rc) + planFailure(rc));
  return out;
}

} // namespace xcc::rt

namespace xcc::rt {

bool Model::canTrain() const { return artifact_->train_step_argv && manifest_.hasTrain; }

int64_t Model::labelsPerSample() const {
  return manifest_.train.loss == "sparse_categorical_crossentropy" ? 1 : outputsPerSample();
}

void Model::setIterations(int64_t iterations) {
  // The generated step takes the iteration as int32 (Keras's optimizer.iterations is int64, but 2^31 steps is
  // far beyond any fit).
  if (iterations < 0 || iterations >= std::numeric_limits<int32_t>::max())
    throw RuntimeError("optimizer iterations " + std::to_string(iterations) + " out of range");
  iterations_ = iterations;
}

void Model::setAccumulationSteps(int64_t k) {
  if (k < 1 || k > std::numeric_limits<int32_t>::max())
    throw RuntimeError("gradient accumulation needs a step count of at least 1, got " + std::to_string(k));
  accumulationSteps_ = k;
}

void Model::setAccumulatedGradients(std::vector<std::vector<float>> sums) {
  if (!sums.empty()) {
    if (sums.size() != manifest_.parameters.size())
      throw RuntimeError("accumulated gradients for " + std::to_string(sums.size()) + " parameters, the model has " +
                         std::to_string(manifest_.parameters.size()));
    for (size_t i = 0; i < sums.size(); ++i)
      if (int64_t(sums[i].size()) != manifest_.parameters[i].numElements())
        throw RuntimeError("the accumulated gradient of '" + manifest_.parameters[i].layer + "/" +
                           manifest_.parameters[i].weight + "' has the wrong size");
  }
  accumulated_ = std::move(sums);
}

Model::StepResult Model::applyStep(const GradientResult &g, float learningRate) {
  if (accumulationSteps_ == 1) {
    applyGradients(g.gradients, learningRate);
    return {g.loss, g.metricHits};
  }
  // Nothing changes unless the step succeeds: the sums are only added to once nothing can fail.
  auto sum = [&](std::vector<std::vector<float>> &into) {
    if (into.empty())
      for (const std::vector<float> &v : g.gradients)
        into.emplace_back(v.size(), 0.0f);
    for (size_t i = 0; i < g.gradients.size(); ++i)
      for (size_t j = 0; j < g.gradients[i].size(); ++j)
        into[i][j] += g.gradients[i][j];
  };
  if ((iterations_ + 1) % accumulationSteps_ == 0) {
    // Keras: (g + accumulated) / steps, a division (not a multiplication by 1/steps).
    std::vector<std::vector<float>> mean = accumulated_;
    sum(mean);
    for (std::vector<float> &v : mean)
      for (float &x : v)
        x /= float(accumulationSteps_);
    applyGradients(mean, learningRate); // counts the step
    accumulated_.clear();
  } else {
    setIterations(iterations_ + 1);
    sum(accumulated_);
  }
  return {g.loss, g.metricHits};
}

void Model::resetOptimizer() {
  accumulated_.clear();
  slots_.assign(numSlots(), {});
  for (auto &perParam : slots_)
    for (const ParameterSpec &p : manifest_.parameters)
      perParam.emplace_back(size_t(p.numElements()), 0.0f);
  iterations_ = 0;
}

void Model::setSlot(size_t k, size_t i, std::vector<float> values) {
  const ParameterSpec &p = manifest_.parameters.at(i);
  if (int64_t(values.size()) != p.numElements())
    throw RuntimeError("optimizer slot '" + manifest_.train.slots.at(k) + "' of '" + p.layer + "/" + p.weight +
                       "' needs " + std::to_string(p.numElements()) + " values, got " + std::to_string(values.size()));
  slots_.at(k).at(i) = std::move(values);
}

void Model::checkLabels(const float *labels, int64_t batch) const {
  if (!labels)
    throw RuntimeError("train step: no labels");
  const int64_t n = batch * labelsPerSample(), classes = outputsPerSample();
  const bool categorical = manifest_.train.loss == "sparse_categorical_crossentropy";
  for (int64_t i = 0; i < n; ++i) {
    float y = labels[i];
    bool ok = categorical ? (y >= 0 && y < float(classes) && y == std::floor(y)) : (y >= 0 && y <= 1);
    if (!ok)
      throw RuntimeError("label " + std::to_string(y) + " of sample " + std::to_string(i / labelsPerSample()) +
                         (categorical ? " is not a class index of this model (0 to " + std::to_string(classes - 1) + ")"
                                      : " is outside [0, 1], which binary cross-entropy needs"));
  }
}

Model::StepResult Model::trainStep(const float *images, const float *labels, const float *sampleWeights,
                                   int64_t batch, float learningRate, int32_t dropoutSeed) {
  if (accumulationSteps_ > 1)
    return applyStep(gradientStep(images, labels, sampleWeights, batch, dropoutSeed), learningRate);
  return runTrainStep(artifact_->train_step_argv, manifest_.input.shape, images, labels, sampleWeights, batch,
                      learningRate, dropoutSeed);
}

Model::StepResult Model::trainStepOnFeatures(const float *features, const float *labels, const float *sampleWeights,
                                             int64_t batch, float learningRate, int32_t dropoutSeed) {
  requirePrefix();
  if (accumulationSteps_ > 1)
    return applyStep(gradientStepOnFeatures(features, labels, sampleWeights, batch, dropoutSeed), learningRate);
  return runTrainStep(artifact_->train_step_from_features_argv, manifest_.features.shape, features, labels,
                      sampleWeights, batch, learningRate, dropoutSeed);
}

const float *Model::checkStepInputs(const float *input, const float *labels, const float *sampleWeights,
                                    int64_t batch, std::vector<float> &ones) const {
  if (!canTrain())
    throw RuntimeError("model '" + manifest_.model + "' phase '" + manifest_.phase +
                       "' has no train step (compile a training phase)");
  checkBatch(batch);
  if (!input)
    throw RuntimeError("train step: no input data");
  requireValues();
  checkLabels(labels, batch);
  if (sampleWeights)
    return sampleWeights;
  ones.assign(size_t(batch), 1.0f);
  return ones.data();
}

void Model::prepareNext() {
  const size_t P = values_.size(), S = numSlots();
  nextValues_.resize(P);
  nextSlots_.resize(S);
  for (size_t i = 0; i < P; ++i)
    nextValues_[i].resize(values_[i].size());
  for (size_t k = 0; k < S; ++k) {
    nextSlots_[k].resize(P);
    for (size_t i = 0; i < P; ++i)
      nextSlots_[k][i].resize(values_[i].size());
  }
}

Model::StepResult Model::runTrainStep(int (*function)(void **), const std::vector<int64_t> &inShape,
                                      const float *images, const float *labels, const float *sampleWeights,
                                      int64_t batch, float learningRate, int32_t dropoutSeed) {
  std::vector<float> ones;
  sampleWeights = checkStepInputs(images, labels, sampleWeights, batch, ones);
  const size_t P = values_.size(), S = numSlots();
  prepareNext();

  std::vector<int64_t> in = inShape;
  in[0] = batch;
  StepResult result;
  result.metricHits.assign(manifest_.train.metrics.size(), 0.0f);
  int32_t iteration = int32_t(iterations_);
  Argv argv;
  argv.add(in, images);
  argv.add({batch, labelsPerSample()}, labels);
  argv.add({batch}, sampleWeights);
  for (size_t i = 0; i < P; ++i)
    argv.add(manifest_.parameters[i].shape, values_[i].data());
  for (size_t k = 0; k < S; ++k)
    for (size_t i = 0; i < P; ++i)
      argv.add(manifest_.parameters[i].shape, slots_[k][i].data());
  int32_t sampleOffset = 0; // the whole batch: a data-parallel rank takes the halves
  argv.scalar(&learningRate);
  argv.scalar(&iteration);
  argv.scalar(&dropoutSeed);
  argv.scalar(&sampleOffset);
  argv.add({}, &result.loss);
  argv.add({int64_t(result.metricHits.size())}, result.metricHits.data());
  for (size_t i = 0; i < P; ++i) {
    argv.add(manifest_.parameters[i].shape, nextValues_[i].data());
    for (size_t k = 0; k < S; ++k)
      argv.add(manifest_.parameters[i].shape, nextSlots_[k][i].data());
  }
  if (int rc = function(argv.data()); rc != 0)
    throw RuntimeError("generated train step '" + manifest_.train.function + "' failed with code " +
                       std::to_string(rc) + planFailure(rc));
  values_.swap(nextValues_);
  slots_.swap(nextSlots_);
  ++iterations_;
  return result;
}

Model::GradientResult Model::gradientStep(const float *images, const float *labels, const float *sampleWeights,
                                          int64_t batch, int32_t dropoutSeed, const BatchSlice &slice) const {
  return runGradientStep(artifact_->gradient_step_argv, manifest_.input.shape, images, labels, sampleWeights, batch,
                         dropoutSeed, slice);
}

Model::GradientResult Model::gradientStepOnFeatures(const float *features, const float *labels,
                                                    const float *sampleWeights, int64_t batch, int32_t dropoutSeed,
                                                    const BatchSlice &slice) const {
  requirePrefix();
  return runGradientStep(artifact_->gradient_step_from_features_argv, manifest_.features.shape, features, labels,
                         sampleWeights, batch, dropoutSeed, slice);
}

namespace {

/// Hands the driver's gradient-ready calls (train_plan.h) on to a Slice's listener for the call of one step.
class GradientListener {
public:
  GradientListener(const BatchSlice &slice, std::vector<std::vector<float>> &gradients)
      : slice_(slice), gradients_(gradients) {
    if (slice_.onGradientReady)
      xcc_set_gradient_ready(&GradientListener::ready, this);
  }
  ~GradientListener() { xcc_set_gradient_ready(nullptr, nullptr); }
  GradientListener(const GradientListener &) = delete;

private:
  static void ready(void *self, int32_t i) {
    auto *l = static_cast<GradientListener *>(self);
    l->slice_.onGradientReady(size_t(i), l->gradients_.at(size_t(i)));
  }
  const BatchSlice &slice_;
  std::vector<std::vector<float>> &gradients_;
};

} // namespace

Model::GradientResult Model::runGradientStep(int (*function)(void **), const std::vector<int64_t> &inShape,
                                             const float *input, const float *labels, const float *sampleWeights,
                                             int64_t batch, int32_t dropoutSeed, const BatchSlice &slice) const {
  std::vector<float> ones;
  sampleWeights = checkStepInputs(input, labels, sampleWeights, batch, ones);
  const size_t P = values_.size();
  std::vector<int64_t> in = inShape;
  in[0] = batch;
  GradientResult result;
  result.metricHits.assign(manifest_.train.metrics.size(), 0.0f);
  result.gradients.resize(P);
  int32_t iteration = int32_t(iterations_);
  Argv argv;
  argv.add(in, input);
  argv.add({batch, labelsPerSample()}, labels);
  argv.add({batch}, sampleWeights);
  for (size_t i = 0; i < P; ++i)
    argv.add(manifest_.parameters[i].shape, values_[i].data());
  int32_t sampleOffset = slice.sampleOffset;
  argv.scalar(&iteration);
  argv.scalar(&dropoutSeed);
  argv.scalar(&sampleOffset);
  argv.add({}, &result.loss);
  argv.add({int64_t(result.metricHits.size())}, result.metricHits.data());
  for (size_t i = 0; i < P; ++i) {
    result.gradients[i].resize(values_[i].size());
    argv.add(manifest_.parameters[i].shape, result.gradients[i].data());
  }
  GradientListener listener(slice, result.gradients);
  if (int rc = function(argv.data()); rc != 0)
    throw RuntimeError("generated gradient step of '" + manifest_.train.function + "' failed with code " +
                       std::to_string(rc) + planFailure(rc));
  return result;
}

void Model::applyGradients(const std::vector<std::vector<float>> &gradients, float learningRate) {
  if (!canTrain())
    throw RuntimeError("model '" + manifest_.model + "' phase '" + manifest_.phase +
                       "' has no train step (compile a training phase)");
  requireValues();
  const size_t P = values_.size(), S = numSlots();
  if (gradients.size() != P)
    throw RuntimeError("applyGradients: " + std::to_string(gradients.size()) + " gradients for " +
                       std::to_string(P) + " parameters");
  for (size_t i = 0; i < P; ++i)
    if (gradients[i].size() != values_[i].size())
      throw RuntimeError("applyGradients: the gradient of '" + manifest_.parameters[i].layer + "/" +
                         manifest_.parameters[i].weight + "' has " + std::to_string(gradients[i].size()) +
                         " values, the parameter " + std::to_string(values_[i].size()));
  prepareNext();
  int32_t iteration = int32_t(iterations_);
  Argv argv;
  for (size_t i = 0; i < P; ++i)
    argv.add(manifest_.parameters[i].shape, values_[i].data());
  for (size_t k = 0; k < S; ++k)
    for (size_t i = 0; i < P; ++i)
      argv.add(manifest_.parameters[i].shape, slots_[k][i].data());
  for (size_t i = 0; i < P; ++i)
    argv.add(manifest_.parameters[i].shape, gradients[i].data());
  argv.scalar(&learningRate);
  argv.scalar(&iteration);
  for (size_t i = 0; i < P; ++i) {
    argv.add(manifest_.parameters[i].shape, nextValues_[i].data());
    for (size_t k = 0; k < S; ++k)
      argv.add(manifest_.parameters[i].shape, nextSlots_[k][i].data());
  }
  if (int rc = artifact_->update_step_argv(argv.data()); rc != 0)
    throw RuntimeError("generated update step of '" + manifest_.train.function + "' failed with code " +
                       std::to_string(rc) + planFailure(rc));
  values_.swap(nextValues_);
  slots_.swap(nextSlots_);
  ++iterations_;
}

} // namespace xcc::rt
