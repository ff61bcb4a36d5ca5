#include "reference_train.h"
#include "reference_interpreter.h"

#include "xcc/runtime/dropout_mask.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace xcc::test {
namespace {

using ref::TensorD;

std::vector<int64_t> classIndices(const TensorD &labels) {
  std::vector<int64_t> out;
  for (double v : labels.data)
    out.push_back(int64_t(v));
  return out;
}

/// Nodes whose value depends on a trainable parameter: the only ones that need a gradient.
std::vector<bool> dependsOnParams(const kg::Graph &g) {
  std::vector<bool> dep(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    dep[i] = g.nodes[i].kind == kg::OpKind::Param;
    for (int o : g.nodes[i].operands)
      dep[i] = dep[i] || dep[size_t(o)];
  }
  return dep;
}

class Backward {
public:
  Backward(const kg::Graph &g, const std::vector<TensorD> &values)
      : g(g), values(values), grads(g.nodes.size()), dep(dependsOnParams(g)) {}

  void seed(int node, TensorD dy) { grads[size_t(node)] = std::move(dy); }

  /// Reverse walk: each node with a gradient hands its operands theirs.
  void run(const DropoutMaskFn &masks) {
    for (int i = int(g.nodes.size()) - 1; i >= 0; --i)
      if (!grads[size_t(i)].data.empty() && g.nodes[size_t(i)].kind != kg::OpKind::Param)
        propagate(g.nodes[size_t(i)], grads[size_t(i)], masks);
  }

  const TensorD &grad(int node) const { return grads[size_t(node)]; }

private:
  const TensorD &value(int id) const { return values[size_t(id)]; }
  const TensorD *optional(const kg::Node &n, bool present, size_t k) const {
    return present ? &value(n.operands[k]) : nullptr;
  }

  void give(const kg::Node &n, size_t k, const TensorD &g) {
    int id = n.operands.at(k);
    if (!dep[size_t(id)] || g.data.empty())
      return;
    TensorD &slot = grads[size_t(id)];
    if (slot.data.empty()) {
      slot = g;
      return;
    }
    for (size_t i = 0; i < slot.data.size(); ++i)
      slot.data[i] += g.data[i];
  }

  void propagate(const kg::Node &n, const TensorD &dy,
                 const DropoutMaskFn &masks) {
    const TensorD &x = value(n.operands.empty() ? 0 : n.operands[0]);
    switch (n.kind) {
    case kg::OpKind::Rescaling: return give(n, 0, ref::rescaling_backward(dy, n.scale));
    case kg::OpKind::Activation: return give(n, 0, ref::activation_backward(x, referenceActivation(n.activation), dy));
    case kg::OpKind::Dropout:
      return give(n, 0, n.training ? ref::dropout_backward(dy, masks(n, x.shape), n.rate) : dy);
    case kg::OpKind::Conv2D:
    case kg::OpKind::DepthwiseConv2D: {
      auto r = n.kind == kg::OpKind::Conv2D
                   ? ref::conv2d_backward(x, value(n.operands[1]), optional(n, n.hasBias, 2), referenceConvAttrs(n), dy)
                   : ref::depthwise_conv2d_backward(x, value(n.operands[1]), optional(n, n.hasBias, 2),
                                                    referenceConvAttrs(n), dy);
      give(n, 0, r.input);
      give(n, 1, r.kernel);
      if (n.hasBias)
        give(n, 2, r.bias);
      return;
    }
    case kg::OpKind::SeparableConv2D: {
      auto r = ref::separable_conv2d_backward(x, value(n.operands[1]), value(n.operands[2]),
                                              optional(n, n.hasBias, 3), referenceConvAttrs(n), dy);
      give(n, 0, r.input);
      give(n, 1, r.depthwise_kernel);
      give(n, 2, r.pointwise_kernel);
      if (n.hasBias)
        give(n, 3, r.bias);
      return;
    }
    case kg::OpKind::Dense: {
      auto r = ref::dense_backward(x, value(n.operands[1]), optional(n, n.hasBias, 2),
                                   referenceActivation(n.activation), dy);
      give(n, 0, r.input);
      give(n, 1, r.kernel);
      if (n.hasBias)
        give(n, 2, r.bias);
      return;
    }
    case kg::OpKind::BatchNorm: {
      size_t k = 1;
      const TensorD *gamma = optional(n, n.hasGamma, k);
      k += n.hasGamma;
      const TensorD *beta = optional(n, n.hasBeta, k);
      k += n.hasBeta;
      auto r = ref::batch_norm_inference_backward(x, gamma, beta, value(n.operands[k]), value(n.operands[k + 1]),
                                                  n.epsilon, dy);
      give(n, 0, r.input);
      if (n.hasGamma)
        give(n, 1, r.gamma);
      if (n.hasBeta)
        give(n, 1 + n.hasGamma, r.beta);
      return;
    }
    case kg::OpKind::MaxPool2D: return give(n, 0, ref::max_pool2d_backward(x, referencePoolAttrs(n), dy));
    case kg::OpKind::AvgPool2D: return give(n, 0, ref::avg_pool2d_backward(x, referencePoolAttrs(n), dy));
    case kg::OpKind::GlobalAvgPool2D: return give(n, 0, ref::global_avg_pool2d_backward(x, n.keepdims, dy));
    case kg::OpKind::GlobalMaxPool2D: return give(n, 0, ref::global_max_pool2d_backward(x, n.keepdims, dy));
    case kg::OpKind::Add:
      for (size_t k = 0; k < n.operands.size(); ++k)
        give(n, k, dy);
      return;
    case kg::OpKind::Concatenate: {
      std::vector<TensorD> ins;
      for (int id : n.operands)
        ins.push_back(value(id));
      auto parts = ref::concatenate_backward(ins, n.axis, dy);
      for (size_t k = 0; k < parts.size(); ++k)
        give(n, k, parts[k]);
      return;
    }
    case kg::OpKind::ZeroPadding2D: return give(n, 0, ref::zero_padding2d_backward(dy, n.padding));
    case kg::OpKind::Flatten:
    case kg::OpKind::Reshape: return give(n, 0, ref::reshape_backward(dy, x.shape));
    case kg::OpKind::Input:
    case kg::OpKind::Constant: return;
    default: throw std::runtime_error("reference train step: no backward for node '" + n.layer + "'");
    }
  }

  const kg::Graph &g;
  const std::vector<TensorD> &values;
  std::vector<TensorD> grads;
  std::vector<bool> dep;
};

} // namespace

TrainConfig loadTrainConfig(const std::string &artifactDir) {
  auto j = nlohmann::json::parse(readFile(artifactDir + "/manifest.json")).at("train");
  TrainConfig c;
  c.loss = j.at("loss").at("name");
  c.fromLogits = j.at("loss").at("from_logits");
  for (const auto &m : j.at("metrics"))
    c.metrics.push_back({m.at("name"), m.value("threshold", 0.5)});
  const auto &o = j.at("optimizer");
  c.optimizer = o.at("name");
  c.beta1 = o.value("beta_1", 0.9);
  c.beta2 = o.value("beta_2", 0.999);
  c.epsilon = o.value("epsilon", 1e-7);
  c.momentum = o.value("momentum", 0.0);
  c.nesterov = o.value("nesterov", false);
  return c;
}

ReferenceStep referenceTrainStep(const kg::Graph &g, const TrainConfig &config, const TrainBatch &batch,
                                 const std::vector<TensorD> &params) {
  auto masks = [&](const kg::Node &n, const std::vector<int64_t> &shape) {
    TensorD keep(shape);
    uint32_t key = rt::dropoutKey(batch.dropoutSeed, uint32_t(batch.iteration), uint32_t(n.seed));
    for (int64_t i = 0; i < keep.size(); ++i)
      keep[i] = rt::dropoutKeeps(key, uint32_t(i), float(n.rate)) ? 1.0 : 0.0;
    return keep;
  };
  std::vector<TensorD> values = runReferenceNodes(g, batch.input, params, masks);
  const TensorD &pred = values[size_t(g.outputs.at(0))];
  ReferenceStep step;
  bool binary = config.loss == "binary_crossentropy";
  TensorD dy;
  if (binary) {
    step.loss = ref::binary_crossentropy(batch.labels, pred, config.fromLogits, batch.sampleWeights);
    dy = ref::binary_crossentropy_backward(batch.labels, pred, config.fromLogits, batch.sampleWeights);
  } else {
    std::vector<int64_t> labels = classIndices(batch.labels);
    step.loss = ref::sparse_categorical_crossentropy(labels, pred, config.fromLogits, batch.sampleWeights);
    dy = ref::sparse_categorical_crossentropy_backward(labels, pred, config.fromLogits, batch.sampleWeights);
  }
  double rows = double(pred.dim(0));
  for (const TrainConfig::Metric &m : config.metrics)
    step.metricHits.push_back(rows * (m.name == "binary_accuracy"
                                          ? ref::binary_accuracy(batch.labels, pred, m.threshold)
                                          : ref::sparse_categorical_accuracy(classIndices(batch.labels), pred)));
  Backward backward(g, values);
  backward.seed(g.outputs.at(0), dy);
  backward.run(masks);
  for (int id : g.params) {
    TensorD grad = backward.grad(id);
    step.grads.push_back(grad.data.empty() ? TensorD(g.nodes[size_t(id)].shape) : grad);
  }
  return step;
}

} // namespace xcc::test
