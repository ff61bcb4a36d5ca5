// Walks the kernel graph and builds one Func per node (inference semantics: BN uses its moving statistics,
// Dropout is the identity). Frozen weights arrive as constants and are embedded as Buffers.
#include "Halide/LoweredModel.h"
#include "Halide/Ops.h"

#include <algorithm>
#include <stdexcept>

using namespace Halide;

namespace xcc::hl {

std::string cName(const std::string &layer, const std::string &weight) {
  std::string s = weight.empty() ? layer : layer + "__" + weight;
  for (char &ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch)))
      ch = '_';
  return s;
}

namespace {

/// Halide dimensions are Keras's reversed: Keras [d0, ..., dk] is Buffer (dk, ..., d0).
std::vector<int> halideSizes(const std::vector<int64_t> &shape) { return std::vector<int>(shape.rbegin(), shape.rend()); }


/// A runtime input whose non-batch extents and dense strides are known, so that indexing folds to constants.
ImageParam denseParam(const std::vector<int64_t> &shape, const std::string &name, Type type = Float(32)) {
  ImageParam p(type, int(shape.size()), name);
  std::vector<int> sizes = halideSizes(shape);
  Expr stride = 1;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (sizes[d] >= 0)
      p.dim(d).set_bounds(0, sizes[d]);
    p.dim(d).set_stride(stride);
    stride = sizes[d] >= 0 ? stride * sizes[d] : Expr();
    if (!stride.defined())
      break;
  }
  return p;
}

class Builder {
public:
  Builder(const kg::Graph &g, GemmPrecision precision, Part part, NodeRange range, bool constantsAsValues)
      : g(g), precision(precision), part(part), range(range), constantsAsValues(constantsAsValues) {}

  LoweredModel build() {
    if (g.inputs.size() != 1 || g.outputs.size() != 1)
      throw std::runtime_error("code generation supports models with one input and one output for now");
    p.stages.resize(g.nodes.size());
    std::vector<bool> backward = backwardNodes(g);
    for (int i = 0; i < int(g.nodes.size()); ++i) {
      const kg::Node &n = g.nodes[i];
      if (part == Part::Forward && backward[i])
        continue;
      if (constantsAsValues && n.kind == kg::OpKind::Constant) {
        readValue(i);
        continue;
      }
      if (part == Part::Forward && n.kind != kg::OpKind::Param && n.kind != kg::OpKind::Constant) {
        if (i >= range.end)
          continue;
        if (i < range.begin) { // an earlier forward slice's value
          readValue(i);
          continue;
        }
      }
      if (part == Part::Backward) {
        bool always = n.kind == kg::OpKind::Param || n.kind == kg::OpKind::Constant || n.kind == kg::OpKind::Labels;
        if (i >= range.end && !always)
          continue;
        if (!always && (!backward[i] || i < range.begin)) {
          readValue(i);
          continue;
        }
      }
      lower(i);
    }
    if (part != Part::Forward || (range.begin <= g.outputs[0] && g.outputs[0] < range.end))
      p.output = p.stages[g.outputs[0]].out;
    if (part == Part::Backward) {
      if (g.loss >= range.begin && g.loss < range.end)
        lowerMetrics(train());
      p.train.grads.assign(g.params.size(), Func());
      for (int u : g.updates)
        if (u >= range.begin && u < range.end) {
          size_t i = std::find(g.params.begin(), g.params.end(), g.nodes[u].operands[0]) - g.params.begin();
          p.train.grads[i] = p.stages[g.nodes[u].operands[1]].out;
        }
    }
    return std::move(p);
  }

private:
  Operand operand(const kg::Node &n, int k) const {
    int id = n.operands[k];
    return {p.stages[id].out, g.nodes[id].shape};
  }
  const Stage &operandStage(const kg::Node &n, int k) const { return p.stages[n.operands[k]]; }
  std::optional<Func> optionalOperand(const kg::Node &n, bool present, int k) const {
    return present ? std::optional<Func>(operand(n, k).f) : std::nullopt;
  }

  /// Part::Backward: a value computed by an earlier pipeline (and for a separable convolution, its depthwise
  /// result) as an input.
  void readValue(int id) {
    const kg::Node &n = g.nodes[id];
    Stage &s = p.stages[id];
    s.node = &n;
    s.isConstant = true;
    if (n.kind == kg::OpKind::ApplyGradient) // no value: the update is its own pipeline
      return;
    s.vars = varsFor(int(n.shape.size()));
    auto wrap = [&](Func &f, bool mid, std::vector<int64_t> shape, const std::string &prefix) {
      ImageParam value = denseParam(shape, prefix + cName(n.layer),
                                    mid && midInBf16(precision, shape[3]) ? BFloat(16) : Float(32));
      f = Func(cName(n.layer) + (mid ? "_dw" : ""));
      f(_) = value(_);
      p.train.inputs.push_back({id, mid, value});
    };
    wrap(s.out, false, n.shape, "in" + std::to_string(id) + "__");
    if (n.kind == kg::OpKind::SeparableConv2D) {
      const std::vector<int64_t> &dw = g.nodes[n.operands[1]].shape; // [kh, kw, C, m]
      wrap(s.depthwise, true, {n.shape[0], n.shape[1], n.shape[2], dw[2] * dw[3]}, "mid__");
    }
  }

  TrainContext &train() {
    if (!context) {
      // The backward part has no image input: its batch size is the labels'.
      if (part == Part::Backward) {
        p.train.labels = ImageParam(Float(32), 2, "labels");
        p.train.sampleWeights = ImageParam(Float(32), 1, "sample_weights");
      }
      // A forward slice after the first reads the image's batch size off a value the slice reads.
      ImageParam first = p.input.defined() ? p.input : p.train.inputs.at(0).param;
      Expr batch = part == Part::Backward ? p.train.labels.dim(1).extent()
                                          : first.dim(first.dimensions() - 1).extent();
      context.emplace(TrainContext{g, p.stages, p.train, batch, precision});
    }
    return *context;
  }

  void lower(int id) {
    const kg::Node &n = g.nodes[id];
    Stage &s = p.stages[id];
    s.node = &n;
    switch (n.kind) {
    case kg::OpKind::Labels:
      return lowerLabels(train(), s);
    case kg::OpKind::Loss:
      return lowerLoss(train(), s);
    case kg::OpKind::Vjp:
      return lowerVjp(train(), s);
    case kg::OpKind::ApplyGradient: // the update is its own pipeline (buildUpdate)
      s.isConstant = true;
      return;
    case kg::OpKind::Input: {
      p.input = denseParam(n.shape, "input");
      s.out = Func("input_f");
      s.out(_) = p.input(_);
      s.isConstant = true;
      return;
    }
    case kg::OpKind::Constant:
      s.out = constantFunc(n);
      s.isConstant = true;
      s.embedded = true;
      return;
    case kg::OpKind::Param: {
      p.params.push_back(denseParam(n.shape, cName(n.layer, n.weight)));
      s.out = Func(cName(n.layer, n.weight) + "_param");
      s.out(_) = p.params.back()(_);
      s.isConstant = true;
      return;
    }
    default:
      lowerLayer(n, s);
    }
  }

  void lowerLayer(const kg::Node &n, Stage &s) {
    Operand in = operand(n, 0);
    switch (n.kind) {
    case kg::OpKind::Conv2D:
      return lowerConv2D(s, in, operandStage(n, 1), optionalOperand(n, n.hasBias, 2), operand(n, 1).shape,
                         precision);
    case kg::OpKind::DepthwiseConv2D:
      return lowerDepthwise(s, in, operand(n, 1).f, optionalOperand(n, n.hasBias, 2), operand(n, 1).shape);
    case kg::OpKind::SeparableConv2D:
      return lowerSeparable(s, in, operand(n, 1).f, operandStage(n, 2), optionalOperand(n, n.hasBias, 3),
                            operand(n, 1).shape, operand(n, 2).shape, precision);
    case kg::OpKind::MaxPool2D:
    case kg::OpKind::AvgPool2D:
      return lowerPool(s, in, n.kind == kg::OpKind::MaxPool2D);
    case kg::OpKind::GlobalAvgPool2D:
    case kg::OpKind::GlobalMaxPool2D:
      return lowerGlobalPool(s, in, n.kind == kg::OpKind::GlobalMaxPool2D);
    case kg::OpKind::Dense:
      return lowerDense(s, in, operandStage(n, 1), optionalOperand(n, n.hasBias, 2), n.shape.back(), precision);
    case kg::OpKind::BatchNorm: {
      if (n.training && part == Part::Forward && trainsAffine(n))
        throw std::runtime_error("layer '" + n.layer + "': a trainable BatchNormalization in training mode (batch "
                                 "statistics) has no code generation yet; call it with training=False, as the "
                                 "guide does");
      int k = 1;
      std::optional<Func> gamma = optionalOperand(n, n.hasGamma, k);
      k += n.hasGamma;
      std::optional<Func> beta = optionalOperand(n, n.hasBeta, k);
      k += n.hasBeta;
      return lowerBatchNorm(s, in, {gamma, beta, operand(n, k).f, operand(n, k + 1).f});
    }
    case kg::OpKind::Concatenate: {
      std::vector<Operand> ins;
      for (size_t k = 0; k < n.operands.size(); ++k)
        ins.push_back(operand(n, int(k)));
      return lowerConcatenate(s, ins);
    }
    case kg::OpKind::ZeroPadding2D:
      return lowerZeroPadding(s, in);
    case kg::OpKind::Flatten:
    case kg::OpKind::Reshape:
      return lowerReshape(s, in);
    default:
      return lowerElementwise(n, s, in);
    }
  }

  void lowerElementwise(const kg::Node &n, Stage &s, const Operand &in) {
    s.vars = varsFor(in.rank());
    Func pre(cName(n.layer) + "_pre");
    switch (n.kind) {
    case kg::OpKind::Rescaling:
      pre(s.vars) = in.f(s.vars) * float(n.scale) + float(n.offset);
      break;
    case kg::OpKind::Add: {
      Expr sum = in.f(s.vars);
      for (size_t k = 1; k < n.operands.size(); ++k)
        sum += operand(n, int(k)).f(s.vars);
      pre(s.vars) = sum;
      break;
    }
    case kg::OpKind::Dropout: // identity outside training
      pre(s.vars) = n.training && part == Part::Forward ? in.f(s.vars) * dropoutScale(train(), n, s.vars)
                                                        : in.f(s.vars);
      break;
    case kg::OpKind::Activation:
      pre(s.vars) = in.f(s.vars);
      break;
    default:
      throw std::runtime_error("layer '" + n.layer + "': no code generation for this op kind yet");
    }
    kg::Act act = n.kind == kg::OpKind::Activation ? n.activation : kg::Act::Linear;
    s.out = activate(pre, act, s.vars, n.shape.back(), cName(n.layer));
  }

  /// Keras 3 uses batch statistics only for a trainable BN: one whose gamma or beta is a runtime parameter.
  bool trainsAffine(const kg::Node &n) const {
    for (int k = 1; k <= int(n.hasGamma) + int(n.hasBeta); ++k)
      if (g.nodes[n.operands[k]].kind == kg::OpKind::Param)
        return true;
    return false;
  }

  const kg::Graph &g;
  GemmPrecision precision;
  Part part;
  NodeRange range;
  bool constantsAsValues;
  LoweredModel p;
  std::optional<TrainContext> context;
};

} // namespace

Func constantFunc(const kg::Node &n) {
  Buffer<float> buf(halideSizes(n.shape), cName(n.layer, n.weight));
  std::copy(n.data.begin(), n.data.end(), buf.data());
  Func f(cName(n.layer, n.weight) + "_const");
  f(_) = buf(_);
  return f;
}

LoweredModel buildModel(const kg::Graph &graph, GemmPrecision precision, Part part, NodeRange range,
                        bool constantsAsValues) {
  return Builder(graph, precision, part, range, constantsAsValues).build();
}

std::vector<bool> backwardNodes(const kg::Graph &g) {
  std::vector<bool> backward(g.nodes.size());
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    backward[i] = isTrainOnly(g.nodes[i]);
    for (int o : g.nodes[i].operands)
      backward[i] = backward[i] || backward[size_t(o)];
  }
  return backward;
}

bool isTrainOnly(const kg::Node &n) {
  return n.kind == kg::OpKind::Labels || n.kind == kg::OpKind::Loss || n.kind == kg::OpKind::Vjp ||
         n.kind == kg::OpKind::ApplyGradient;
}

UpdateStep buildUpdate(const kg::Optimizer &optimizer, bool withGradient) {
  static const char *const kSlotNames[2][2] = {{"velocity", ""}, {"m", "v"}};
  UpdateStep u;
  u.param = ImageParam(Float(32), 1, "param");
  if (withGradient)
    u.grad = ImageParam(Float(32), 1, "gradient");
  for (int k = 0; k < optimizer.slots(); ++k)
    u.slots.emplace_back(Float(32), 1, kSlotNames[optimizer.kind == kg::Optimizer::Adam][k]);
  u.update = lowerUpdate(optimizer, u);
  return u;
}

} // namespace xcc::hl
