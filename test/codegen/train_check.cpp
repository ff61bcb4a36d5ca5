#include "train_check.h"
#include "random_values.h"
#include "reference_interpreter.h"
#include "reference_train.h"

#include <gtest/gtest.h>

#include <cmath>

namespace xcc::test {
namespace {

TrainInputs randomInputs(const kg::Graph &g, const TrainConfig &config, const StepCase &c, std::mt19937 &rng) {
  TrainInputs in;
  in.input = randomTensor(withBatch(g.nodes[g.inputs[0]].shape, c.batch), rng, 0.0f, 255.0f);
  std::vector<int64_t> out = withBatch(g.nodes[g.outputs[0]].shape, c.batch);
  bool binary = config.loss == "binary_crossentropy";
  in.labels = ref::Tensor(binary ? out : std::vector<int64_t>{c.batch, 1});
  std::uniform_int_distribution<int> cls(0, binary ? 1 : int(out.back()) - 1);
  for (float &l : in.labels.data)
    l = float(cls(rng));
  in.sampleWeights = randomTensor({c.batch}, rng, 0.5f, 1.5f);
  for (int id : g.params)
    in.params.push_back(randomParam(g.nodes[id], rng));
  size_t slots = config.optimizer == "adam" ? 2 : config.momentum != 0 ? 1 : 0;
  for (size_t k = 0; k < slots; ++k) {
    in.slots.emplace_back();
    for (const ref::Tensor &p : in.params)
      in.slots.back().push_back(ref::Tensor(p.shape));
  }
  in.learningRate = c.learningRate;
  in.iteration = c.iteration;
  in.dropoutSeed = 12345;
  in.metrics = config.metrics.size();
  return in;
}

/// The gradient the generated step used, read back from its first update (zero slots before the step).
ref::Tensor generatedGradient(const TrainConfig &config, const TrainInputs &in, const TrainOutputs &out, size_t i) {
  ref::Tensor g(in.params[i].shape);
  for (int64_t j = 0; j < g.size(); ++j) {
    if (config.optimizer == "adam")
      g[j] = float(double(out.slots[0][i][j]) / (1 - config.beta1));
    else if (config.momentum != 0)
      g[j] = float(-double(out.slots[0][i][j]) / in.learningRate);
    else
      g[j] = float((double(in.params[i][j]) - double(out.params[i][j])) / in.learningRate);
  }
  return g;
}

struct Worst {
  double diff = 0, peak = 0;
  std::string where;
};

void expectUpdateFollowsKeras(const TrainConfig &config, const TrainInputs &in, const TrainOutputs &out, size_t i,
                              const ref::Tensor &grad, const std::string &name) {
  ref::TensorD w = in.params[i].cast<double>();
  ref::TensorD g = grad.cast<double>();
  std::vector<ref::TensorD> slots;
  if (config.optimizer == "adam") {
    ref::AdamSlots<double> s{in.slots[0][i].cast<double>(), in.slots[1][i].cast<double>()};
    ref::adam_step(w, g, s, in.iteration + 1, {in.learningRate, config.beta1, config.beta2, config.epsilon});
    slots = {s.m, s.v};
  } else {
    ref::TensorD velocity = config.momentum != 0 ? in.slots[0][i].cast<double>() : ref::TensorD();
    ref::sgd_step(w, g, velocity, {in.learningRate, config.momentum, config.nesterov});
    if (config.momentum != 0)
      slots = {velocity};
  }
  size_t bad = 0;
  for (int64_t j = 0; j < w.size(); ++j) {
    bad += std::fabs(double(out.params[i][j]) - w[j]) > 1e-5 * in.learningRate + 1e-6 * std::fabs(w[j]);
    for (size_t k = 0; k < slots.size(); ++k)
      bad += std::fabs(double(out.slots[k][i][j]) - slots[k][j]) > 1e-5 * std::fabs(slots[k][j]) + 1e-12;
  }
  EXPECT_EQ(bad, 0u) << name << ": the update does not follow Keras's " << config.optimizer;
}

} // namespace

void expectStepMatchesReference(const std::string &dir, ArgvFunction fn, const StepCase &c) {
  kg::Graph g = loadReferenceGraph(dir);
  TrainConfig config = loadTrainConfig(dir);
  std::mt19937 rng(4321);
  TrainInputs in = randomInputs(g, config, c, rng);
  TrainOutputs out = callTrainStep(fn, in);

  TrainBatch batch{in.input.cast<double>(), in.labels.cast<double>(), {}, uint32_t(in.dropoutSeed), in.iteration};
  batch.sampleWeights.assign(in.sampleWeights.data.begin(), in.sampleWeights.data.end());
  std::vector<ref::TensorD> params;
  for (const ref::Tensor &p : in.params)
    params.push_back(p.cast<double>());
  ReferenceStep want = referenceTrainStep(g, config, batch, params);

  EXPECT_NEAR(out.loss, want.loss, (c.bf16 ? 1e-2 : 1e-4) * std::max(1.0, std::fabs(want.loss)));
  for (size_t m = 0; m < want.metricHits.size(); ++m)
    EXPECT_EQ(out.metricHits[m], want.metricHits[m]) << "metric " << config.metrics[m].name;
  Worst worst;
  size_t values = 0;
  for (size_t i = 0; i < g.params.size(); ++i) {
    const kg::Node &p = g.nodes[g.params[i]];
    std::string name = p.layer + "/" + p.weight;
    ref::Tensor grad = generatedGradient(config, in, out, i);
    const ref::TensorD &ref = want.grads[i];
    double peak = 0, maxDiff = 0, diff2 = 0, ref2 = 0;
    for (double v : ref.data)
      peak = std::max(peak, std::fabs(v));
    for (int64_t j = 0; j < ref.size(); ++j) {
      double d = double(grad[j]) - ref[j];
      maxDiff = std::max(maxDiff, std::fabs(d));
      diff2 += d * d;
      ref2 += ref[j] * ref[j];
    }
    values += size_t(ref.size());
    if (c.bf16) {
      EXPECT_LE(std::sqrt(diff2), 1e-2 * std::sqrt(ref2) + 1e-30)
          << name << ": gradient differs beyond bf16 (relative L2 " << std::sqrt(diff2 / std::max(ref2, 1e-300))
          << ")";
    } else {
      // Relative to the parameter's own peak: a deep layer's gradients may all be 1e-12 (real weights, relu6
      // saturating), and an absolute floor would let any error there pass. The floor only spares exact zeros.
      EXPECT_LE(maxDiff, 2e-3 * peak + 1e-30) << name << ": gradient differs (peak |ref| " << peak << ")";
    }
    if (peak > 0 && maxDiff / peak > (worst.peak > 0 ? worst.diff / worst.peak : 0))
      worst = {maxDiff, peak, name};
    expectUpdateFollowsKeras(config, in, out, i, grad, name);
  }
  std::printf("[ %s ] batch %lld: loss %.6g (reference %.6g), %zu parameters / %zu gradient values; worst "
              "gradient: %s, max abs diff %.3g at peak %.3g (%.2g relative)\n",
              g.name.c_str(), static_cast<long long>(c.batch), double(out.loss), want.loss, g.params.size(), values,
              worst.where.c_str(), worst.diff, worst.peak, worst.peak > 0 ? worst.diff / worst.peak : 0.0);
}

} // namespace xcc::test
