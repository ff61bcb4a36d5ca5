// The parts of a train step around the backward pass: labels, the loss and its seed gradient, the metrics, the
// dropout draw and the optimizer update. Keras semantics as in test/reference (loss.cpp, optimizer.cpp).
#include "Halide/Ops.h"

#include <stdexcept>

using namespace Halide;

namespace xcc::hl {
namespace {

constexpr float kKerasEpsilon = 1e-7f; // keras.config.epsilon(): the probability clip

Expr u32(uint32_t v) { return Internal::make_const(UInt(32), uint64_t(v)); }

/// xcc::rt::mixBits (runtime/include/xcc/runtime/dropout_mask.h) in Halide; unsigned arithmetic wraps the same.
Expr mixBits(Expr x) {
  x = x ^ (x >> 16);
  x = x * u32(0x7feb352du);
  x = x ^ (x >> 15);
  x = x * u32(0x846ca68bu);
  return x ^ (x >> 16);
}

/// Predictions [N, K] as (k, n); K = 1 for binary cross-entropy on one logit.
struct Predictions {
  Func f;
  int k;
};

Predictions predictionsOf(const TrainContext &c, const kg::Node &loss) {
  Operand p = c.value(loss.operands[0]);
  if (p.rank() != 2)
    throw std::runtime_error("the loss needs predictions of shape [batch, classes]; layer '" +
                             c.graph.nodes[loss.operands[0]].layer + "' gives rank " + std::to_string(p.rank()));
  return {p.f, int(p.shape[1])};
}

/// The per-sample loss (before weighting) and d(per-sample loss)/d(prediction k), Keras's formulas.
Expr sampleLossTerm(const kg::Node &loss, Expr x, Expr y, Expr k, int classes, bool gradient, Expr rowSum,
                    Expr logSumExp, Expr picked) {
  if (loss.loss == kg::LossKind::BinaryCrossentropy) {
    if (loss.fromLogits)
      return gradient ? 1.0f / (1.0f + exp(-x)) - y : max(x, 0.0f) - x * y + log(1.0f + exp(-abs(x)));
    Expr p = clamp(x, kKerasEpsilon, 1.0f - kKerasEpsilon);
    if (gradient) // the clip passes no gradient beyond its bounds (TF passes it at the bounds themselves)
      return select(x >= kKerasEpsilon && x <= 1.0f - kKerasEpsilon, -(y / x - (1.0f - y) / (1.0f - x)), 0.0f);
    return -(y * log(p) + (1.0f - y) * log(1.0f - p));
  }
  Expr onehot = select(k == cast<int>(y), 1.0f, 0.0f);
  if (loss.fromLogits)
    return gradient ? exp(x - logSumExp) - onehot : logSumExp - picked;
  Expr q = picked / rowSum;
  if (gradient)
    return select(q >= kKerasEpsilon && q <= 1.0f - kKerasEpsilon, 1.0f / rowSum - onehot / picked, 0.0f);
  return -log(clamp(q, kKerasEpsilon, 1.0f - kKerasEpsilon));
}

/// Row statistics the categorical loss needs: the sum, log-sum-exp and the labelled class's prediction.
struct RowStats {
  Func sum, lse, picked;
};

RowStats rowStats(const TrainContext &c, const Predictions &p, const std::string &name) {
  Var n("n");
  RDom r(0, p.k, name + "_r");
  Func peak(name + "_max"), total(name + "_sum"), expSum(name + "_expsum"), picked(name + "_picked"),
      lse(name + "_lse");
  peak(n) = Float(32).min();
  peak(n) = max(peak(n), p.f(r, n));
  total(n) = 0.0f;
  total(n) += p.f(r, n);
  expSum(n) = 0.0f;
  expSum(n) += exp(p.f(r, n) - peak(n));
  lse(n) = peak(n) + log(expSum(n));
  picked(n) = p.f(clamp(cast<int>(c.train.labels(0, n)), 0, p.k - 1), n);
  return {total, lse, picked};
}

Expr sampleWeight(const TrainContext &c, Expr n) { return c.train.sampleWeights(n); }

} // namespace

Expr dropoutScale(const TrainContext &c, const kg::Node &n, const std::vector<Var> &v) {
  // Row-major flat index over the whole (global) batch tensor; Halide dimension 0 is the innermost.
  Expr index = v.back() + c.train.sampleOffset;
  for (int d = int(v.size()) - 2; d >= 0; --d)
    index = index * int(n.shape[v.size() - 1 - d]) + v[d];
  Expr key = mixBits(cast<uint32_t>(c.train.dropoutSeed) ^
                     mixBits(cast<uint32_t>(c.train.iteration) ^ mixBits(u32(uint32_t(n.seed)))));
  Expr draw = cast<float>(mixBits(cast<uint32_t>(index) ^ key) >> 8) * (1.0f / 16777216.0f);
  return select(draw >= float(n.rate), 1.0f / (1.0f - float(n.rate)), 0.0f);
}

void lowerLabels(TrainContext &c, Stage &s) {
  c.train.labels.dim(0).set_bounds(0, int(s.node->shape[1]));
  s.vars = varsFor(2);
  s.out = Func("labels_f");
  s.out(s.vars) = c.train.labels(s.vars);
  s.isConstant = true;
}

void lowerLoss(TrainContext &c, Stage &s) {
  const kg::Node &n = *s.node;
  Predictions p = predictionsOf(c, n);
  bool categorical = n.loss == kg::LossKind::SparseCategoricalCrossentropy;
  if (!categorical && c.graph.nodes[n.operands[1]].shape[1] != p.k)
    throw std::runtime_error("binary cross-entropy needs one label per prediction");
  RowStats stats = rowStats(c, p, "loss_rows");
  // Binary: the mean over the K predictions of a sample; categorical: one term per sample.
  RDom r(0, p.k, 0, c.batch, "loss_r");
  Expr y = categorical ? c.train.labels(0, r.y) : c.train.labels(r.x, r.y);
  Expr term = sampleLossTerm(n, p.f(r.x, r.y), y, r.x, p.k, false, stats.sum(r.y), stats.lse(r.y),
                             stats.picked(r.y));
  Expr perRow = categorical ? select(r.x == 0, term, 0.0f) : term / float(p.k);
  s.acc = Func("loss_acc");
  s.acc() = 0.0f;
  s.acc() += sampleWeight(c, r.y) * perRow;
  s.r = r;
  s.out = Func("loss");
  s.out() = s.acc() / cast<float>(c.batch);
  c.train.loss = s.out;
}

void vjpLoss(TrainContext &c, Stage &s, Stage &f) {
  const kg::Node &n = *f.node;
  Predictions p = predictionsOf(c, n);
  bool categorical = n.loss == kg::LossKind::SparseCategoricalCrossentropy;
  RowStats stats = rowStats(c, p, "dloss_rows");
  s.vars = varsFor(2);
  Var k = s.vars[0], b = s.vars[1];
  Expr y = categorical ? c.train.labels(0, b) : c.train.labels(k, b);
  Expr d = sampleLossTerm(n, p.f(k, b), y, k, p.k, true, stats.sum(b), stats.lse(b), stats.picked(b));
  s.out = Func("dloss");
  s.out(k, b) = d * sampleWeight(c, b) / (cast<float>(c.batch) * float(categorical ? 1 : p.k));
}

void lowerMetrics(TrainContext &c) {
  const kg::Graph &g = c.graph;
  const kg::Node &loss = g.nodes[g.loss];
  Predictions p = predictionsOf(c, loss);
  Var m("m");
  Expr counts = 0.0f;
  for (size_t i = 0; i < g.metrics.size(); ++i) {
    const kg::Metric &metric = g.metrics[i];
    Expr hits;
    if (metric.kind == kg::MetricKind::BinaryAccuracy) {
      RDom r(0, p.k, 0, c.batch, "binary_accuracy_r" + std::to_string(i));
      Expr predicted = select(p.f(r.x, r.y) > float(metric.threshold), 1.0f, 0.0f);
      hits = sum(select(predicted == c.train.labels(r.x, r.y), 1.0f, 0.0f)) / float(p.k);
    } else {
      RDom r(0, c.batch, "accuracy_r" + std::to_string(i));
      RDom k(0, p.k, "accuracy_k" + std::to_string(i));
      Func best("accuracy_argmax" + std::to_string(i));
      Var n("n");
      best(n) = argmax(k, p.f(k, n))[0];
      hits = sum(select(best(r) == cast<int>(c.train.labels(0, r)), 1.0f, 0.0f));
    }
    counts = select(m == int(i), hits, counts);
  }
  c.train.metrics = Func("metrics");
  c.train.metrics(m) = counts;
}

Func lowerUpdate(const kg::Optimizer &opt, const UpdateStep &step) {
  // Keras's updates (REFERENCE §1): Adam with t = iteration + 1 folded into the step size, or SGD.
  auto f64 = [](double x) { return Internal::make_const(Float(64), x); };
  Expr t = cast<double>(step.iteration + 1);
  Expr adamStep = cast<float>(cast<double>(step.learningRate) * sqrt(f64(1) - pow(f64(opt.beta2), t)) /
                              (f64(1) - pow(f64(opt.beta1), t)));
  Var x("x");
  Expr w = step.param(x);
  std::vector<Expr> next{w};
  if (!step.grad.defined()) { // a parameter the loss does not reach (the compiler warned) keeps its value and state
    for (const ImageParam &slot : step.slots)
      next.push_back(slot(x));
  } else if (Expr grad = step.grad(x); opt.kind == kg::Optimizer::Adam) {
    Expr m1 = step.slots[0](x), v1 = step.slots[1](x);
    Expr m2 = m1 + (grad - m1) * float(1 - opt.beta1), v2 = v1 + (grad * grad - v1) * float(1 - opt.beta2);
    next = {w - adamStep * m2 / (sqrt(v2) + float(opt.epsilon)), m2, v2};
  } else if (opt.momentum != 0) {
    Expr vel = step.slots[0](x) * float(opt.momentum) - step.learningRate * grad;
    next = {opt.nesterov ? w + vel * float(opt.momentum) - step.learningRate * grad : w + vel, vel};
  } else {
    next = {w - step.learningRate * grad};
  }
  Func update(step.grad.defined() ? "update" : "keep");
  if (next.size() == 1)
    update(x) = next[0];
  else
    update(x) = Tuple(next);
  return update;
}

RDom overSamples(const std::vector<int64_t> &shape, Expr batch, const std::string &name) {
  if (shape.size() == 4)
    return RDom(0, int(shape[2]), 0, int(shape[1]), 0, batch, name);
  if (shape.size() == 2)
    return RDom(0, batch, name);
  throw std::runtime_error("gradients over a tensor of rank " + std::to_string(shape.size()) +
                           " are not supported (NHWC images and [batch, features] only)");
}

RDom overImagePairs(int64_t w, int64_t h, Expr batch, const std::string &name) {
  return RDom(0, 2, 0, int(w), 0, int(h), 0, (batch + 1) / 2, name);
}

std::vector<Expr> sampleCoordinates(const RDom &r, Expr channel) {
  std::vector<Expr> at{channel};
  for (int i = 0; i < r.dimensions(); ++i)
    at.push_back(r[i]);
  return at;
}

void lowerVjp(TrainContext &c, Stage &s) {
  const kg::Node &n = *s.node;
  Stage &f = c.stages[n.operands[0]];
  if (f.node->kind == kg::OpKind::Loss)
    return vjpLoss(c, s, f);
  Operand dy = c.value(n.operands.at(1));
  switch (f.node->kind) {
  case kg::OpKind::Rescaling:
  case kg::OpKind::Activation:
  case kg::OpKind::Dropout:
    return vjpElementwise(c, s, f, dy);
  case kg::OpKind::Concatenate:
  case kg::OpKind::ZeroPadding2D:
  case kg::OpKind::Flatten:
  case kg::OpKind::Reshape:
    return vjpStructure(c, s, f, dy);
  case kg::OpKind::BatchNorm:
    return vjpBatchNorm(c, s, f, dy);
  case kg::OpKind::Dense:
    return vjpDense(c, s, f, dy);
  case kg::OpKind::Conv2D:
  case kg::OpKind::DepthwiseConv2D:
  case kg::OpKind::SeparableConv2D:
    return vjpConvolution(c, s, f, dy);
  case kg::OpKind::MaxPool2D:
  case kg::OpKind::AvgPool2D:
  case kg::OpKind::GlobalAvgPool2D:
  case kg::OpKind::GlobalMaxPool2D:
    return vjpPool(c, s, f, dy);
  default:
    throw std::runtime_error("layer '" + f.node->layer + "': no gradient code generation for this op kind");
  }
}

} // namespace xcc::hl
