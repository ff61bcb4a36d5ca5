// Dense: its forward and vector-Jacobian products, in float32 or (mixed_bfloat16, as Keras computes Dense) on the
// convolutions' bf16 GEMMs.
//
// A Dense layer over [batch, features] is a 1x1 convolution of a 1x1 image: its kernel [features, units] is the
// convolution kernel [1, 1, features, units] with the same element order. So the GEMM packers of Gemm.cpp and
// Tiles.cpp take it as that kernel, and the sample index takes the place of the pixels. Dense over inputs of
// higher rank stays float32 (its gradient is not generated either: vjpDense).
#include "Halide/Ops.h"

#include <stdexcept>

using namespace Halide;

namespace xcc::hl {
namespace {

/// The Dense kernel stage (Halide dims (units, features)) as a 1x1 convolution kernel (units, features, kx, ky).
Stage asPointwiseKernel(const Stage &kernel, const std::string &name) {
  Stage view = kernel;
  if (!kernel.embedded) { // an embedded kernel is packed from node->data, already in the convolution's order
    Var o("o"), i("i"), kx("kx"), ky("ky");
    view.out = Func(name);
    view.out(o, i, kx, ky) = kernel.out(o, i);
  }
  return view;
}

/// f(c, n) as the image f(c, x, y, n) of one pixel.
Func asImage(const Func &f, const std::string &name) {
  std::vector<Var> v = varsFor(4);
  Func image(name);
  image(v) = f(v[0], v[3]);
  return image;
}

/// A [batch, features] operand f(c, n) as a tile GEMM's data operand a(k, x, y, n) over k < tileReduction(extent).
Func tileRows(const Func &f, int64_t extent, const std::string &name) {
  Var k("k"), x("x"), y("y"), n("n");
  Func a(name);
  a(k, x, y, n) = bf16OrZero(k < int(extent), f(min(k, int(extent - 1)), n));
  return a;
}

} // namespace

void lowerDense(Stage &s, const Operand &in, const Stage &kernel, const std::optional<Func> &bias, int64_t units,
                GemmPrecision precision) {
  const kg::Node &n = *s.node;
  int64_t features = in.shape.back();
  std::vector<Var> v = varsFor(in.rank());
  s.vars = v;
  s.acc = Func(cName(n.layer, "acc"));
  Expr init = bias ? (*bias)(v[0]) : Expr(0.0f);
  const std::vector<int64_t> kshape{1, 1, features, units};
  if (in.rank() == 2 && precision == GemmPrecision::AmxTiles) {
    Stage k = asPointwiseKernel(kernel, cName(n.layer, "kernel_1x1"));
    s.tiles = tileGemm(cName(n.layer, "tiles"), tileRows(in.f, features, cName(n.layer, "x_tiles")),
                       tileWeights(k, kshape, false, cName(n.layer, "kernel_tiles"), s),
                       Expr(int(tileReduction(features))));
    s.acc(v) = s.tiles.call(v[0], 0, 0, v[1]) + init;
  } else if (in.rank() == 2 && pairsFit(precision, features)) {
    Stage k = asPointwiseKernel(kernel, cName(n.layer, "kernel_1x1"));
    RDom r(0, 2, 0, int(features / 2), cName(n.layer, "r"));
    Func packed = packedPairs(k, kshape, false, cName(n.layer, "kernel_bf16"), s);
    s.gemmInput = inBf16(in.f, 2, cName(n.layer, "x_bf16"));
    s.pairs = true;
    s.r = r;
    s.acc(v) = init;
    s.acc(v) += cast<float>(packed(r[0], v[0], r[1], 0, 0)) * cast<float>(s.gemmInput(2 * r[1] + r[0], v[1]));
  } else {
    std::vector<Expr> inArgs = asExprs(v);
    RDom r(0, int(features), cName(n.layer, "r"));
    inArgs[0] = r;
    s.r = r;
    s.acc(v) = init;
    s.acc(v) += kernel.out(v[0], r) * in.f(inArgs);
  }
  s.out = activate(s.acc, n.activation, v, units, cName(n.layer));
}

namespace {

/// dx(i, b) = Σ_o K(o, i) d(o, b): on tiles, in bf16 pairs of units when they fit, else in float32.
void denseInputGradient(TrainContext &c, Stage &s, const Stage &kernel, const Func &d, int64_t features,
                        int64_t units, const std::string &name) {
  const std::vector<int64_t> kshape{1, 1, features, units};
  s.vars = varsFor(2);
  std::vector<Var> &v = s.vars;
  s.out = Func(name);
  if (c.precision == GemmPrecision::AmxTiles) {
    Stage k = asPointwiseKernel(kernel, name + "_kernel_1x1");
    s.tiles = tileGemm(name + "_tiles", tileRows(d, units, name + "_dy_tiles"),
                       tileWeights(k, kshape, true, name + "_kernel_t_tiles", s), Expr(int(tileReduction(units))));
    s.out(v) = s.tiles.call(v[0], 0, 0, v[1]);
    return;
  }
  s.acc = Func(name + "_acc");
  s.acc(v) = 0.0f;
  if (pairsFit(c.precision, units)) {
    Stage k = asPointwiseKernel(kernel, name + "_kernel_1x1");
    Func packed = packedPairs(k, kshape, true, name + "_kernel_t", s);
    Func dy = inBf16(d, 2, name + "_dy_bf16");
    s.r = RDom(0, 2, 0, int(units / 2), name + "_r");
    s.pairs = true;
    s.acc(v) += cast<float>(packed(s.r[0], v[0], s.r[1], 0, 0)) * cast<float>(dy(2 * s.r[1] + s.r[0], v[1]));
  } else {
    s.r = RDom(0, int(units), name + "_r");
    s.acc(v) += kernel.out(s.r, v[0]) * d(s.r, v[1]);
  }
  s.out(v) = s.acc(v);
}

/// dK(o, i) = Σ_b d(o, b) x(i, b): a GEMM over the batch, on tiles, or in bf16 pairs of samples.
void denseKernelGradient(TrainContext &c, Stage &s, const Func &x, const Func &d, int64_t units,
                         const std::string &name) {
  if (c.precision == GemmPrecision::AmxTiles) {
    TapSource source = [&](Expr i, Expr, Expr, Expr b, Expr, Expr) { return x(i, b); };
    return kernelGradientTiles(c, s, source, asImage(d, name + "_dy_image"), units, 1, 1, name, 2);
  }
  s.vars = varsFor(2);
  Var o = s.vars[0], i = s.vars[1];
  s.acc = Func(name + "_acc");
  s.acc(o, i) = 0.0f;
  if (c.precision == GemmPrecision::Bf16Pairs) {
    Func dy = imagePairs(asImage(d, name + "_dy_image"), c.batch, name + "_dy_pairs", s);
    Func xx = imagePairs(asImage(x, name + "_x_image"), c.batch, name + "_x_pairs", s);
    s.r = overImagePairs(1, 1, c.batch, name + "_r");
    s.acc(o, i) += cast<float>(dy(s.r[0], o, s.r[1], s.r[2], s.r[3])) *
                   cast<float>(xx(s.r[0], i, s.r[1], s.r[2], s.r[3]));
    s.pairs = true;
  } else {
    s.r = RDom(0, c.batch, name + "_r");
    s.acc(o, i) += d(o, s.r) * x(i, s.r);
  }
  s.reduction = Stage::Reduction::Pixels;
  s.out = Func(name);
  s.out(o, i) = s.acc(o, i);
}

} // namespace

void vjpDense(TrainContext &c, Stage &s, Stage &f, const Operand &dy) {
  const kg::Node &n = *f.node;
  Operand x = c.value(n.operands[0]);
  if (x.rank() != 2)
    throw std::runtime_error("layer '" + n.layer + "': Dense gradients are generated for [batch, features] "
                             "inputs only; flatten or pool before a trainable Dense");
  Func d = gradientBeforeActivation(f, dy);
  int64_t wrt = s.node->wrtIndex, units = n.shape[1];
  std::string name = cName(s.node->layer);
  if (wrt == 0) {
    denseInputGradient(c, s, c.stage(n.operands[1]), d, x.shape[1], units, name);
    s.reduction = Stage::Reduction::Other;
    return;
  }
  if (wrt == 1)
    return denseKernelGradient(c, s, x.f, d, units, name);
  channelSum(c, s, d, n.shape, name); // the bias, in float32 as every bias
}

} // namespace xcc::hl
