// Elementwise and shape-only layers: activations, batch norm, concatenation, padding, reshapes.
#include "Halide/Ops.h"

using namespace Halide;

namespace xcc::hl {

std::vector<Var> varsFor(int rank) {
  static const char *names4[] = {"c", "x", "y", "n"};
  std::vector<Var> v;
  for (int i = 0; i < rank; ++i)
    v.emplace_back(rank == 4 ? names4[i] : (i == 0 ? std::string("c") : i == rank - 1 ? "n" : "d" + std::to_string(i)));
  return v;
}

std::vector<Expr> asExprs(const std::vector<Var> &vars) { return std::vector<Expr>(vars.begin(), vars.end()); }

Func activate(const Func &pre, kg::Act act, const std::vector<Var> &v, int64_t channels, const std::string &name) {
  Func out(name);
  Expr x = pre(v);
  switch (act) {
  case kg::Act::Linear:
    out(v) = x;
    break;
  case kg::Act::Relu:
    out(v) = max(x, 0.0f);
    break;
  case kg::Act::Relu6:
    out(v) = clamp(x, 0.0f, 6.0f);
    break;
  case kg::Act::Sigmoid:
    out(v) = 1.0f / (1.0f + exp(-x));
    break;
  case kg::Act::Softmax: {
    // Subtract the channel maximum first, as Keras does, so exp never overflows.
    RDom r(0, int(channels), name + "_r");
    std::vector<Expr> at = asExprs(v);
    at[0] = r;
    Func peak(name + "_max"), total(name + "_sum");
    std::vector<Var> rest(v.begin() + 1, v.end());
    peak(rest) = Float(32).min();
    peak(rest) = max(peak(rest), pre(at));
    total(rest) = 0.0f;
    total(rest) += exp(pre(at) - peak(rest));
    out(v) = exp(x - peak(rest)) / total(rest);
    break;
  }
  }
  return out;
}

Func batchNormScale(Stage &bn, const std::optional<Func> &gamma, const Func &variance) {
  if (!bn.bnScale.defined()) {
    const kg::Node &n = *bn.node;
    Var c("c");
    bn.bnScale = Func(cName(n.layer, "scale"));
    bn.bnScale(c) = (gamma ? (*gamma)(c) : Expr(1.0f)) / sqrt(variance(c) + float(n.epsilon));
  }
  return bn.bnScale;
}

void lowerBatchNorm(Stage &s, const Operand &in, const std::vector<std::optional<Func>> &gbmv) {
  // Inference mode (the forward artifact serves predict/evaluate): moving statistics, per channel.
  const kg::Node &n = *s.node;
  std::vector<Var> v = varsFor(in.rank());
  Var c = v[0];
  Expr beta = gbmv[1] ? (*gbmv[1])(c) : Expr(0.0f);
  s.out = Func(cName(n.layer));
  s.out(v) = (in.f(v) - (*gbmv[2])(c)) * batchNormScale(s, gbmv[0], *gbmv[3])(c) + beta;
  s.vars = v;
}

void lowerConcatenate(Stage &s, const std::vector<Operand> &ins) {
  int rank = ins[0].rank();
  int64_t axis = s.node->axis < 0 ? s.node->axis + rank : s.node->axis;
  int hd = rank - 1 - int(axis); // Halide dimension of the Keras axis
  std::vector<Var> v = varsFor(rank);
  // Each later input takes over from its start offset on: select(v >= start_i, input_i, earlier inputs).
  int64_t start = 0;
  Expr value;
  for (const Operand &in : ins) {
    std::vector<Expr> at = asExprs(v);
    at[hd] = clamp(v[hd] - int(start), 0, int(in.dim(int(axis)) - 1));
    value = value.defined() ? select(v[hd] >= int(start), in.f(at), value) : in.f(at);
    start += in.dim(int(axis));
  }
  s.out = Func(cName(s.node->layer));
  s.out(v) = value;
  s.vars = v;
}

void lowerZeroPadding(Stage &s, const Operand &in) {
  const auto &p = s.node->padding; // top, bottom, left, right
  std::vector<Var> v = varsFor(4);
  Expr x = v[1] - int(p[2]), y = v[2] - int(p[0]);
  int64_t w = in.shape[2], h = in.shape[1];
  s.out = Func(cName(s.node->layer));
  s.out(v) = select(x >= 0 && x < int(w) && y >= 0 && y < int(h),
                    in.f(v[0], clamp(x, 0, int(w - 1)), clamp(y, 0, int(h - 1)), v[3]), 0.0f);
  s.vars = v;
}

void lowerReshape(Stage &s, const Operand &in) {
  // Row-major over the non-batch dimensions: the flat index is the same on both sides.
  const std::vector<int64_t> &outShape = s.node->shape;
  std::vector<Var> v = varsFor(int(outShape.size()));
  Expr flat = 0;
  for (size_t k = 1; k < outShape.size(); ++k) // Keras axis k is Halide dimension rank-1-k
    flat = flat * int(outShape[k]) + v[outShape.size() - 1 - k];
  std::vector<Expr> at(in.rank());
  for (int k = in.rank() - 1; k >= 1; --k) {
    at[in.rank() - 1 - k] = flat % int(in.shape[k]);
    flat = flat / int(in.shape[k]);
  }
  at[in.rank() - 1] = v.back();
  s.out = Func(cName(s.node->layer));
  s.out(v) = in.f(at);
  s.vars = v;
}

} // namespace xcc::hl
