// Vector-Jacobian products of the windowed layers: convolutions (plain, depthwise, separable) and pools.
//
// The input gradient of a window is the transposed window: input pixel i receives from output o through tap k
// when o·stride + k·dilation - pad == i, i.e. o = (i + pad - k·dilation) / stride where that divides and lands
// inside the output. The kernel gradient correlates the upstream gradient with the (zero-padded) input.
#include "Halide/Ops.h"

#include <functional>
#include <stdexcept>

using namespace Halide;

namespace xcc::hl {
namespace {

/// The output index that reads input index `i` through tap `k` along `axis`; `valid` is and-ed with whether one
/// exists.
Expr transposedTap(const kg::Node &n, Expr i, Expr k, int axis, int64_t pad, int64_t outExtent, Expr &valid) {
  int stride = int(n.strides[axis]);
  Expr t = i + int(pad) - k * int(n.dilation[axis]);
  Expr o = stride == 1 ? t : t / stride;
  valid = valid && t >= 0 && o < int(outExtent);
  if (stride != 1)
    valid = valid && t % stride == 0;
  return o;
}

/// A window layer's geometry: input [N,H,W,C], output spatial extent, kernel taps, padding.
struct Window {
  const kg::Node &n;
  Operand in;
  int64_t kh, kw, outH, outW, pt, pl;
  Window(const kg::Node &n, const Operand &in, int64_t kh, int64_t kw)
      : n(n), in(in), kh(kh), kw(kw), outH(n.shape[1]), outW(n.shape[2]), pt(padBefore(n, in.shape[1], kh, 0)),
        pl(padBefore(n, in.shape[2], kw, 1)) {}
};

using WeightAt = std::function<Expr(Expr j, Expr ci, Expr kx, Expr ky)>;
using ChannelAt = std::function<Expr(Expr j, Expr ci)>;

/// dx(ci, ix, iy, b) = Σ_{j, kx, ky} weight(j, ci, kx, ky) · dUp(channel(j, ci), o(ix, kx), o(iy, ky), b), j over
/// `fanOut` (Cout for a convolution, the depth multiplier for a depthwise one). With `packed` (a convolution's
/// kernel as pairs over Cout, Gemm.cpp) and dUp in bf16, j runs in pairs.
void windowInputGradient(Stage &s, const Window &w, int64_t fanOut, const WeightAt &weight, const ChannelAt &channel,
                         const Func &dUp, const std::string &name, const Func &packed = Func()) {
  s.vars = varsFor(4);
  Var ci = s.vars[0], ix = s.vars[1], iy = s.vars[2], b = s.vars[3];
  s.pairs = packed.defined();
  RDom r = s.pairs ? RDom(0, 2, 0, int(fanOut / 2), 0, int(w.kw), 0, int(w.kh), name + "_r")
                   : RDom(0, int(fanOut), 0, int(w.kw), 0, int(w.kh), name + "_r");
  int taps = s.pairs ? 2 : 1; // the RDom's first tap dimension
  Expr j = s.pairs ? 2 * r[1] + r[0] : Expr(r[0]);
  Expr valid = Internal::const_true();
  Expr ox = transposedTap(w.n, ix, r[taps], 1, w.pl, w.outW, valid);
  Expr oy = transposedTap(w.n, iy, r[taps + 1], 0, w.pt, w.outH, valid);
  Expr up = dUp(channel(j, ci), clamp(ox, 0, int(w.outW - 1)), clamp(oy, 0, int(w.outH - 1)), b);
  s.acc = Func(name + "_acc");
  s.acc(s.vars) = 0.0f;
  if (s.pairs) // the select inside the bf16 operand keeps the product a bf16 pair product (Gemm.cpp)
    s.acc(s.vars) += cast<float>(packed(r[0], ci, r[1], r[taps], r[taps + 1])) *
                     cast<float>(select(valid, up, Internal::make_zero(BFloat(16))));
  else
    s.acc(s.vars) += select(valid, weight(j, ci, r[taps], r[taps + 1]) * up, 0.0f);
  s.r = r;
  s.reduction = Stage::Reduction::Window;
  s.out = Func(name);
  s.out(s.vars) = s.acc(s.vars);
}

/// dW(j, ci, kx, ky) = Σ_{b, oy, ox} dUp(channel(j, ci), ox, oy, b) · x_padded(ci, tap(ox, kx), tap(oy, ky), b).
/// With `pairs` (a convolution's kernel in mixed_bfloat16) the images run in bf16 pairs (imagePairs).
void windowKernelGradient(TrainContext &c, Stage &s, const Window &w, const ChannelAt &channel, const Func &dUp,
                          const std::string &name, bool pairs = false) {
  s.vars = varsFor(4);
  Var j = s.vars[0], ci = s.vars[1], kx = s.vars[2], ky = s.vars[3];
  Func src = w.n.samePadding ? padded(w.in, 0.0f, name + "_x") : w.in.f;
  s.acc = Func(name + "_acc");
  s.acc(s.vars) = 0.0f;
  if (pairs) {
    Func dy = imagePairs(dUp, c.batch, name + "_dy_pairs", s), x = imagePairs(src, c.batch, name + "_x_pairs", s);
    RDom r = overImagePairs(w.outW, w.outH, c.batch, name + "_r");
    s.acc(s.vars) += cast<float>(dy(r[0], channel(j, ci), r[1], r[2], r[3])) *
                     cast<float>(x(r[0], ci, tap(w.n, r[1], kx, 1, w.pl), tap(w.n, r[2], ky, 0, w.pt), r[3]));
    s.r = r;
    s.pairs = true;
  } else {
    RDom r(0, int(w.outW), 0, int(w.outH), 0, c.batch, name + "_r");
    s.acc(s.vars) += dUp(channel(j, ci), r.x, r.y, r.z) *
                     src(ci, tap(w.n, r.x, kx, 1, w.pl), tap(w.n, r.y, ky, 0, w.pt), r.z);
    s.r = r;
  }
  s.reduction = Stage::Reduction::Pixels;
  s.out = Func(name);
  s.out(s.vars) = s.acc(s.vars);
}

/// The input gradient of a strided 1x1 convolution: only the input pixels on its output grid receive anything,
/// each from one output pixel. So the GEMM dx = Wᵀ · dUp runs over the output grid (`s.grid`, a quarter of the
/// input's pixels at stride 2), and `out` spreads it, zero elsewhere; windowInputGradient would multiply the zeros
/// too (Xception's four residual convolutions: 18 % of the FP32 peak, Zen 5).
/// With `packed` (the kernel as pairs over Cout, Gemm.cpp) and dUp in bf16, the GEMM runs in pairs.
void gridInputGradient(Stage &s, const Window &w, const Stage &kernel, const std::vector<int64_t> &kshape,
                       const Func &dUp, const std::string &name, const Func &packed = Func()) {
  s.vars = varsFor(4);
  Var ci = s.vars[0], x = s.vars[1], y = s.vars[2], b = s.vars[3];
  int64_t cout = kshape[3];
  s.acc = Func(name + "_acc");
  s.acc(s.vars) = 0.0f;
  s.pairs = packed.defined();
  if (s.pairs) {
    s.r = RDom(0, 2, 0, int(cout / 2), name + "_r");
    s.acc(s.vars) += cast<float>(packed(s.r[0], ci, s.r[1], 0, 0)) * cast<float>(dUp(2 * s.r[1] + s.r[0], x, y, b));
  } else {
    GemmWeight weight = panelWeights(kernel, kshape, true, name + "_kernel_t", s);
    s.r = RDom(0, int(cout), name + "_r");
    s.acc(s.vars) += weight(ci, s.r, 0, 0) * dUp(s.r, x, y, b);
  }
  s.grid = Func(name + "_grid");
  s.grid(s.vars) = s.acc(s.vars);
  Expr valid = Internal::const_true();
  Expr ox = transposedTap(w.n, x, 0, 1, w.pl, w.outW, valid);
  Expr oy = transposedTap(w.n, y, 0, 0, w.pt, w.outH, valid);
  s.reduction = Stage::Reduction::Window;
  s.out = Func(name);
  s.out(s.vars) = select(valid, s.grid(ci, clamp(ox, 0, int(w.outW - 1)), clamp(oy, 0, int(w.outH - 1)), b), 0.0f);
}

/// dW(o, i, 0, 0) = Σ_p dUp(o, p) · source(i, p) over the pixels p of `outShape` (every sample's): a 1x1 kernel's
/// gradient as a GEMM whose reduction runs over the pixels (schedulePixelGemm). With `pairs`, in bf16 pairs of
/// images (imagePairs).
void pixelGemmKernelGradient(TrainContext &c, Stage &s, const TapSource &source, const Func &dUp,
                             const std::vector<int64_t> &outShape, const std::string &name, bool pairs) {
  s.vars = varsFor(4);
  Var o = s.vars[0], i = s.vars[1];
  s.acc = Func(name + "_acc");
  s.acc(o, i) = 0.0f;
  if (pairs) {
    Var ci("ci"), x("x"), y("y"), img("img");
    Func src(name + "_x");
    src(ci, x, y, img) = source(ci, x, y, img, 0, 0);
    Func dyPairs = imagePairs(dUp, c.batch, name + "_dy_pairs", s);
    Func xPairs = imagePairs(src, c.batch, name + "_x_pairs", s);
    s.r = overImagePairs(outShape[2], outShape[1], c.batch, name + "_r");
    const RDom &r = s.r;
    s.acc(o, i) += cast<float>(dyPairs(r[0], o, r[1], r[2], r[3])) * cast<float>(xPairs(r[0], i, r[1], r[2], r[3]));
    s.pairs = true;
  } else {
    s.r = overSamples(outShape, c.batch, name + "_r");
    s.acc(o, i) += dUp(sampleCoordinates(s.r, o)) * source(i, s.r[0], s.r[1], s.r[2], 0, 0);
  }
  s.reduction = Stage::Reduction::PixelGemm;
  s.out = Func(name);
  s.out(s.vars) = s.acc(o, i);
}

/// windowInputGradient of a convolution on AMX tiles: one GEMM over k = (ky kw + kx) Cout + co, whose operand
/// a(k, ix, iy, b) is the upstream gradient that tap reaches input pixel (ix, iy) from (zero where none does), by
/// the kernel transposed for the tiles (Tiles.cpp).
void windowInputGradientTiles(Stage &s, const Window &w, const Stage &kernel, const std::vector<int64_t> &kshape,
                              const Func &dUp, const std::string &name) {
  s.vars = varsFor(4);
  Var kv("k"), ix = s.vars[1], iy = s.vars[2], b = s.vars[3];
  int64_t cout = kshape[3], k = w.kh * w.kw * cout;
  Expr kk = min(kv, int(k - 1)), valid = kv < int(k);
  Expr ox = transposedTap(w.n, ix, kk / int(cout) % int(w.kw), 1, w.pl, w.outW, valid);
  Expr oy = transposedTap(w.n, iy, kk / int(cout * w.kw), 0, w.pt, w.outH, valid);
  Func a(name + "_dy_tiles");
  a(kv, ix, iy, b) =
      bf16OrZero(valid, dUp(kk % int(cout), clamp(ox, 0, int(w.outW - 1)), clamp(oy, 0, int(w.outH - 1)), b));
  s.tiles = tileGemm(name + "_tiles", a, tileWeights(kernel, kshape, true, name + "_kernel_t_tiles", s),
                     Expr(int(tileReduction(k))));
  s.reduction = Stage::Reduction::Window;
  s.out = Func(name);
  s.out(s.vars) = s.tiles.call(s.vars);
}

} // namespace

void kernelGradientTiles(TrainContext &c, Stage &s, const TapSource &source, const Func &dUp, int64_t cout,
                         int64_t outW, int64_t outH, const std::string &name, int rank) {
  s.vars = varsFor(rank);
  Var kv("k"), ci("ci"), kx("kx"), ky("ky");
  Expr pixels = c.batch * int(outW * outH);
  auto pixelOf = [&](Expr p, auto &&at) { return at(p % int(outW), p / int(outW) % int(outH), p / int(outW * outH)); };
  Expr kk = min(kv, pixels - 1);
  Func a(name + "_x_tiles");
  a(kv, ci, kx, ky) =
      bf16OrZero(kv < pixels, pixelOf(kk, [&](Expr x, Expr y, Expr img) { return source(ci, x, y, img, kx, ky); }));
  Var i("i"), o("o"), p("p");
  Expr pp = min(2 * p + i, pixels - 1);
  Func dy(name + "_dy_tiles");
  dy(i, o, p) = bf16OrZero(2 * p + i < pixels && o < int(cout), pixelOf(pp, [&](Expr x, Expr y, Expr img) {
                             return dUp(min(o, int(cout - 1)), x, y, img);
                           }));
  s.bf16Operands.push_back(dy);
  s.tiles = tileGemm(name + "_tiles", a, dy, tileReduction(pixels));
  s.reduction = Stage::Reduction::PixelGemm;
  s.out = Func(name);
  std::vector<Expr> at = asExprs(s.vars);
  at.resize(4, Expr(0)); // a Dense kernel's (o, i) is the 1x1 tap's
  s.out(s.vars) = s.tiles.call(at);
}

void channelSum(TrainContext &c, Stage &s, const Func &d, const std::vector<int64_t> &shape, const std::string &name) {
  s.vars = varsFor(1);
  RDom r = overSamples(shape, c.batch, name + "_r");
  s.acc = Func(name + "_acc");
  s.acc(s.vars) = 0.0f;
  s.acc(s.vars) += d(sampleCoordinates(r, s.vars[0]));
  s.r = r;
  s.reduction = Stage::Reduction::Pixels;
  s.out = Func(name);
  s.out(s.vars) = s.acc(s.vars);
}

namespace {

/// dpre in bf16, shared by the layer's backward pair GEMMs.
Func dpreInBf16(Stage &f, const Func &dpre) {
  if (!f.dpreBf16.defined())
    f.dpreBf16 = inBf16(dpre, 4, cName(f.node->layer, "dpre_bf16"));
  return f.dpreBf16;
}

/// The separable convolution's gradient at its depthwise result: dmid(m, x, y, b) = Σ_o PW(o, m) · dpre(o, ...),
/// a GEMM like the forward pointwise convolution, with the weights transposed so that m is contiguous (in bf16
/// pairs over o when they fit).
Func separableMidGradient(TrainContext &c, Stage &f, const Func &dpre) {
  if (f.dmid.defined())
    return f.dmid;
  const kg::Node &n = *f.node;
  const Stage &pointwise = c.stage(n.operands[2]);
  std::vector<Var> v = varsFor(4);
  f.dmid = Func(cName(n.layer, "dmid"));
  if (c.precision == GemmPrecision::AmxTiles) {
    int64_t outs = n.shape[3];
    Func a(cName(n.layer, "dpre_tiles"));
    a(v) = bf16OrZero(v[0] < int(outs), dpre(min(v[0], int(outs - 1)), v[1], v[2], v[3]));
    f.dmidTiles = tileGemm(cName(n.layer, "dmid_tiles"), a,
                           tileWeights(pointwise, c.graph.nodes[n.operands[2]].shape, true,
                                       cName(n.layer, "pointwise_t_tiles"), f),
                           Expr(int(tileReduction(outs))));
    f.dmid(v) = f.dmidTiles.call(v);
    return f.dmid;
  }
  f.dmidAcc = Func(cName(n.layer, "dmid_acc"));
  f.dmidAcc(v) = 0.0f;
  int64_t outs = n.shape[3];
  if (pairsFit(c.precision, outs)) {
    f.dmidPairs = true;
    Func packed = packedPairs(pointwise, c.graph.nodes[n.operands[2]].shape, true, cName(n.layer, "pointwise_t"), f);
    f.dmidR = RDom(0, 2, 0, int(outs / 2), cName(n.layer, "dmid_r"));
    f.dmidAcc(v) += cast<float>(packed(f.dmidR[0], v[0], f.dmidR[1], 0, 0)) *
                    cast<float>(dpreInBf16(f, dpre)(2 * f.dmidR[1] + f.dmidR[0], v[1], v[2], v[3]));
  } else {
    GemmWeight weight =
        panelWeights(pointwise, c.graph.nodes[n.operands[2]].shape, true, cName(n.layer, "pointwise_t"), f);
    f.dmidR = RDom(0, int(outs), cName(n.layer, "dmid_r"));
    f.dmidAcc(v) += weight(v[0], f.dmidR, 0, 0) * dpre(f.dmidR, v[1], v[2], v[3]);
  }
  f.dmid(v) = f.dmidAcc(v);
  return f.dmid;
}

} // namespace

void vjpConvolution(TrainContext &c, Stage &s, Stage &f, const Operand &dy) {
  const kg::Node &n = *f.node;
  Operand in = c.value(n.operands[0]);
  Operand kernel = c.value(n.operands[1]);
  int64_t kh = kernel.shape[0], kw = kernel.shape[1];
  Window w(n, in, kh, kw);
  Func dpre = gradientBeforeActivation(f, dy);
  std::string name = cName(s.node->layer);
  int64_t wrt = s.node->wrtIndex;
  int64_t biasIndex = n.kind == kg::OpKind::SeparableConv2D ? 3 : 2;
  if (n.hasBias && wrt == biasIndex)
    return channelSum(c, s, dpre, n.shape, name);
  if (n.kind == kg::OpKind::Conv2D) {
    ChannelAt channel = [](Expr j, Expr) { return j; };
    if (c.precision == GemmPrecision::AmxTiles) {
      if (wrt == 0)
        return windowInputGradientTiles(s, w, c.stage(n.operands[1]), kernel.shape, dpre, name);
      Func src = w.n.samePadding ? padded(w.in, 0.0f, name + "_x") : w.in.f;
      TapSource source = [&](Expr ci, Expr x, Expr y, Expr img, Expr kx, Expr ky) {
        return src(ci, tap(n, x, kx, 1, w.pl), tap(n, y, ky, 0, w.pt), img);
      };
      return kernelGradientTiles(c, s, source, dpre, kernel.shape[3], w.outW, w.outH, name);
    }
    bool pointwise = kh == 1 && kw == 1 && n.dilation[0] == 1 && n.dilation[1] == 1;
    if (wrt != 0 && pointwise) {
      Func src = w.n.samePadding ? padded(w.in, 0.0f, name + "_padded") : w.in.f;
      TapSource source = [&](Expr ci, Expr x, Expr y, Expr img, Expr, Expr) {
        return src(ci, tap(n, x, 0, 1, w.pl), tap(n, y, 0, 0, w.pt), img);
      };
      return pixelGemmKernelGradient(c, s, source, dpre, n.shape, name, c.precision == GemmPrecision::Bf16Pairs);
    }
    if (wrt != 0)
      return windowKernelGradient(c, s, w, channel, dpre, name, c.precision == GemmPrecision::Bf16Pairs);
    if (pairsFit(c.precision, kernel.shape[3])) {
      Func packed = packedPairs(c.stage(n.operands[1]), kernel.shape, true, name + "_kernel_t", s);
      if (pointwise && (n.strides[0] > 1 || n.strides[1] > 1))
        return gridInputGradient(s, w, c.stage(n.operands[1]), kernel.shape, dpreInBf16(f, dpre), name, packed);
      return windowInputGradient(s, w, kernel.shape[3], nullptr, channel, dpreInBf16(f, dpre), name, packed);
    }
    if (pointwise && (n.strides[0] > 1 || n.strides[1] > 1))
      return gridInputGradient(s, w, c.stage(n.operands[1]), kernel.shape, dpre, name);
    GemmWeight panels = panelWeights(c.stage(n.operands[1]), kernel.shape, true, name + "_kernel_t", s);
    WeightAt weight = [&](Expr j, Expr i, Expr x, Expr y) { return panels(i, j, x, y); };
    return windowInputGradient(s, w, kernel.shape[3], weight, channel, dpre, name);
  }
  // Depthwise (directly, or as the first half of a separable convolution): output channel ci·m + j.
  int64_t m = kernel.shape[3];
  ChannelAt channel = [m](Expr j, Expr ci) { return m == 1 ? ci : ci * int(m) + j; };
  WeightAt weight = [&](Expr j, Expr ci, Expr x, Expr y) { return kernel.f(j, ci, x, y); };
  Func dUp = dpre;
  if (n.kind == kg::OpKind::SeparableConv2D) {
    // dPW(o, m, 0, 0) = Σ dpre(o, ...) · mid(m, ...)
    TapSource mid = [&](Expr m, Expr x, Expr y, Expr img, Expr, Expr) { return f.depthwise(m, x, y, img); };
    if (wrt == 2 && c.precision == GemmPrecision::AmxTiles)
      return kernelGradientTiles(c, s, mid, dpre, n.shape[3], n.shape[2], n.shape[1], name);
    if (wrt == 2)
      return pixelGemmKernelGradient(c, s, mid, dpre, n.shape, name, c.precision == GemmPrecision::Bf16Pairs);
    dUp = separableMidGradient(c, f, dpre);
  }
  if (wrt == 0)
    return windowInputGradient(s, w, m, weight, channel, dUp, name);
  return windowKernelGradient(c, s, w, channel, dUp, name);
}

void vjpPool(TrainContext &c, Stage &s, Stage &f, const Operand &dy) {
  const kg::Node &n = *f.node;
  Operand in = c.value(n.operands[0]);
  std::string name = cName(s.node->layer);
  s.vars = varsFor(4);
  Var ch = s.vars[0], x = s.vars[1], y = s.vars[2], b = s.vars[3];
  s.out = Func(name);
  if (n.kind == kg::OpKind::GlobalAvgPool2D || n.kind == kg::OpKind::GlobalMaxPool2D) {
    int64_t h = in.shape[1], w = in.shape[2];
    Expr up = n.keepdims ? dy.f(ch, 0, 0, b) : dy.f(ch, b);
    if (n.kind == kg::OpKind::GlobalAvgPool2D) {
      s.out(s.vars) = up / float(h * w);
      return;
    }
    // The first maximum in row-major (h, w) order takes the whole gradient.
    RDom r(0, int(w), 0, int(h), name + "_r");
    Func first(name + "_argmax");
    Var c2("c"), b2("n");
    first(c2, b2) = argmax(r, in.f(c2, r.x, r.y, b2));
    s.out(s.vars) = select(first(ch, b)[0] == x && first(ch, b)[1] == y, up, 0.0f);
    return;
  }
  // The windows are a few static taps: their sums (and a max-pool window's first maximum) are written out as
  // pure expressions in the order a reduction over (kx, ky) would take, so that each result is written once
  // instead of zeroed in a pass of its own and accumulated in a second (BENCHMARKS.md, the mixed profile of
  // session 13: BN and elementwise backward, which holds the pool gradients, 160 -> 126 ms per step).
  Window win(n, in, n.poolSize[0], n.poolSize[1]);
  const bool isMax = n.kind == kg::OpKind::MaxPool2D;
  if (isMax) {
    // Each window's gradient goes to its first maximum (taps in ky-major order; -inf padding never wins).
    Func src = n.samePadding ? padded(in, Float(32).min(), name + "_x") : in.f;
    // The winner is stored as its tap's index ky·kw + kx, one byte: the gradient pass reads up to nine winners
    // per input pixel, and two int32 coordinates were eight times the bytes.
    if (win.kh * win.kw > 256)
      throw std::runtime_error("layer '" + n.layer + "': max-pool windows of more than 256 taps have no code "
                               "generation");
    std::vector<Var> v = varsFor(4);
    Expr best, bestTap = 0;
    for (int ky = 0; ky < int(win.kh); ++ky)
      for (int kx = 0; kx < int(win.kw); ++kx) {
        Expr value = src(v[0], tap(n, v[1], kx, 1, win.pl), tap(n, v[2], ky, 0, win.pt), v[3]);
        if (!best.defined()) {
          best = value;
          continue;
        }
        bestTap = select(value > best, ky * int(win.kw) + kx, bestTap);
        best = max(best, value);
      }
    s.winner = Func(name + "_argmax");
    s.winner(v) = cast<uint8_t>(bestTap);
  }
  Expr sum = 0.0f;
  for (int ky = 0; ky < int(win.kh); ++ky)
    for (int kx = 0; kx < int(win.kw); ++kx) {
      Expr valid = Internal::const_true();
      Expr ox = transposedTap(n, x, kx, 1, win.pl, win.outW, valid);
      Expr oy = transposedTap(n, y, ky, 0, win.pt, win.outH, valid);
      Expr cx = clamp(ox, 0, int(win.outW - 1)), cy = clamp(oy, 0, int(win.outH - 1));
      Expr up = dy.f(ch, cx, cy, b), share;
      if (isMax) {
        share = select(s.winner(ch, cx, cy, b) == cast<uint8_t>(ky * int(win.kw) + kx), up, 0.0f);
      } else {
        // Average pooling divides by the in-image taps of the window (Keras/TF).
        Expr x0 = cx * int(n.strides[1]) - int(win.pl), y0 = cy * int(n.strides[0]) - int(win.pt);
        int64_t h = in.shape[1], w = in.shape[2];
        Expr count = (min(x0 + int(win.kw), int(w)) - max(x0, 0)) * (min(y0 + int(win.kh), int(h)) - max(y0, 0));
        share = up / cast<float>(count);
      }
      sum = sum + select(valid, share, 0.0f);
    }
  s.reduction = Stage::Reduction::Other;
  s.out(s.vars) = sum;
}

} // namespace xcc::hl
