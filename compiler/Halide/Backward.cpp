// Vector-Jacobian products of the elementwise, structural and batch-norm layers. The math is that of
// test/reference (the *_backward functions); the generated code is checked against it.
#include "Halide/Ops.h"

#include <stdexcept>

using namespace Halide;

namespace xcc::hl {
namespace {

const kg::Node &vjpNode(const Stage &s) { return *s.node; }

/// The operand a Vjp differentiates with respect to.
Operand wrtOperand(const TrainContext &c, const Stage &s, const Stage &f) {
  return c.value(f.node->operands.at(size_t(vjpNode(s).wrtIndex)));
}

} // namespace

Func gradientBeforeActivation(Stage &f, const Operand &dy) {
  if (f.dpre.defined())
    return f.dpre;
  const kg::Node &n = *f.node;
  if (n.activation == kg::Act::Linear)
    return f.dpre = dy.f;
  std::vector<Var> v = varsFor(dy.rank());
  Expr y = f.out(v), g = dy.f(v);
  Func d(cName(n.layer, "dpre"));
  switch (n.activation) {
  case kg::Act::Relu:
    d(v) = select(y > 0.0f, g, 0.0f);
    break;
  case kg::Act::Relu6:
    d(v) = select(y > 0.0f && y < 6.0f, g, 0.0f);
    break;
  case kg::Act::Sigmoid:
    d(v) = g * y * (1.0f - y);
    break;
  case kg::Act::Softmax: {
    // y (dy - <dy, y>) over the channel axis.
    RDom r(0, int(dy.shape.back()), cName(n.layer, "dpre_r"));
    std::vector<Expr> at = asExprs(v);
    at[0] = r;
    std::vector<Var> rest(v.begin() + 1, v.end());
    Func dot(cName(n.layer, "dpre_dot"));
    dot(rest) = 0.0f;
    dot(rest) += dy.f(at) * f.out(at);
    d(v) = y * (g - dot(rest));
    break;
  }
  case kg::Act::Linear:
    break;
  }
  return f.dpre = d;
}

void vjpElementwise(TrainContext &c, Stage &s, Stage &f, const Operand &dy) {
  const kg::Node &n = *f.node;
  s.vars = varsFor(dy.rank());
  s.out = Func(cName(vjpNode(s).layer));
  switch (n.kind) {
  case kg::OpKind::Rescaling:
    s.out(s.vars) = dy.f(s.vars) * float(n.scale);
    return;
  case kg::OpKind::Activation:
    s.out(s.vars) = gradientBeforeActivation(f, dy)(s.vars);
    return;
  case kg::OpKind::Dropout:
    s.out(s.vars) = n.training ? dy.f(s.vars) * dropoutScale(c, n, s.vars) : dy.f(s.vars);
    return;
  default:
    throw std::logic_error("vjpElementwise: not an elementwise layer");
  }
}

void vjpStructure(TrainContext &c, Stage &s, Stage &f, const Operand &dy) {
  const kg::Node &n = *f.node;
  Operand in = wrtOperand(c, s, f);
  std::vector<Var> v = varsFor(in.rank());
  s.vars = v;
  s.out = Func(cName(vjpNode(s).layer));
  switch (n.kind) {
  case kg::OpKind::Concatenate: {
    // Input k's gradient is its slice of dy along the axis.
    int rank = in.rank();
    int64_t axis = n.axis < 0 ? n.axis + rank : n.axis, start = 0;
    for (int64_t k = 0; k < vjpNode(s).wrtIndex; ++k)
      start += c.graph.nodes[n.operands[size_t(k)]].shape[size_t(axis)];
    std::vector<Expr> at = asExprs(v);
    at[size_t(rank - 1 - axis)] += int(start);
    s.out(v) = dy.f(at);
    return;
  }
  case kg::OpKind::ZeroPadding2D:
    s.out(v) = dy.f(v[0], v[1] + int(n.padding[2]), v[2] + int(n.padding[0]), v[3]);
    return;
  case kg::OpKind::Flatten:
  case kg::OpKind::Reshape: {
    // The same row-major data in the input's shape.
    Expr flat = 0;
    for (int k = 1; k < in.rank(); ++k)
      flat = flat * int(in.shape[k]) + v[in.rank() - 1 - k];
    std::vector<Expr> at(size_t(dy.rank()));
    for (int k = dy.rank() - 1; k >= 1; --k) {
      at[size_t(dy.rank() - 1 - k)] = flat % int(dy.shape[k]);
      flat = flat / int(dy.shape[k]);
    }
    at.back() = v.back();
    s.out(v) = dy.f(at);
    return;
  }
  default:
    throw std::logic_error("vjpStructure: not a structural layer");
  }
}

void vjpBatchNorm(TrainContext &c, Stage &s, Stage &f, const Operand &dy) {
  // Inference mode: y = (x - mean) · γ / sqrt(var + ε) + β, mean and var constants.
  const kg::Node &n = *f.node;
  if (n.training)
    throw std::runtime_error("layer '" + n.layer + "': BatchNormalization in training mode (batch statistics) "
                             "has no code generation yet; call the model with training=False as the guide does");
  int k = 1;
  std::optional<Func> gamma = n.hasGamma ? std::optional<Func>(c.value(n.operands[k]).f) : std::nullopt;
  int gammaIndex = n.hasGamma ? k++ : -1;
  int betaIndex = n.hasBeta ? k++ : -1;
  Func mean = c.value(n.operands[k]).f, var = c.value(n.operands[k + 1]).f;
  Operand x = c.value(n.operands[0]);
  int64_t wrt = vjpNode(s).wrtIndex;
  s.out = Func(cName(vjpNode(s).layer));
  if (wrt == 0) {
    s.vars = varsFor(x.rank());
    Var ch = s.vars[0];
    s.out(s.vars) = dy.f(s.vars) * batchNormScale(f, gamma, var)(ch);
    return;
  }
  if (wrt != gammaIndex && wrt != betaIndex)
    throw std::logic_error("vjpBatchNorm: gradient requested for a moving statistic");
  s.vars = varsFor(1);
  Var ch = s.vars[0];
  // Both sums in one pass over dy (and x), by whichever of the two gradients comes first; the other reads them
  // (Xception fine-tune, float32, Zen 5 profiles: 44-54 ms per step in two passes, 37 in one).
  if (!f.bnSums.defined()) {
    RDom r = overSamples(x.shape, c.batch, cName(n.layer, "sums_r"));
    std::vector<Expr> at = sampleCoordinates(r, ch);
    f.bnSums = Func(cName(n.layer, "sums"));
    f.bnSums(ch) = Tuple(0.0f, 0.0f);
    f.bnSums(ch) = Tuple(f.bnSums(ch)[0] + dy.f(at) * (x.f(at) - mean(ch)), f.bnSums(ch)[1] + dy.f(at));
    s.acc = f.bnSums;
    s.r = r;
    s.reduction = Stage::Reduction::Pixels;
  }
  if (wrt == gammaIndex)
    s.out(ch) = f.bnSums(ch)[0] / sqrt(var(ch) + float(n.epsilon));
  else
    s.out(ch) = f.bnSums(ch)[1];
}

} // namespace xcc::hl
