// Windowed layers: convolutions and pooling, with TensorFlow's padding rules.
#include "Halide/Ops.h"

using namespace Halide;

namespace xcc::hl {

/// TensorFlow 'same': total padding so that out = ceil(in / stride); the smaller half goes before.
int64_t padBefore(const kg::Node &n, int64_t in, int64_t k, int axis) {
  if (!n.samePadding)
    return 0;
  int64_t s = n.strides[axis], d = n.dilation[axis];
  int64_t out = (in + s - 1) / s;
  int64_t total = std::max<int64_t>((out - 1) * s + (k - 1) * d + 1 - in, 0);
  return total / 2;
}

Func padded(const Operand &in, Expr value, const std::string &name) {
  std::vector<Var> v = varsFor(4);
  Expr x = v[1], y = v[2];
  int64_t w = in.shape[2], h = in.shape[1];
  Expr inside = x >= 0 && x < int(w) && y >= 0 && y < int(h);
  Func p(name);
  p(v) = select(inside, in.f(v[0], clamp(x, 0, int(w - 1)), clamp(y, 0, int(h - 1)), v[3]), value);
  return p;
}

Expr tap(const kg::Node &n, Expr o, Expr k, int axis, int64_t pad) {
  return o * int(n.strides[axis]) + k * int(n.dilation[axis]) - int(pad);
}

static Expr initialValue(const std::optional<Func> &bias, Expr channel) {
  return bias ? (*bias)(channel) : Expr(0.0f);
}

void lowerConv2D(Stage &s, const Operand &in, const Stage &kernel, const std::optional<Func> &bias,
                 const std::vector<int64_t> &kshape, GemmPrecision precision) {
  const kg::Node &n = *s.node;
  int64_t kh = kshape[0], kw = kshape[1], cin = kshape[2];
  int64_t pt = padBefore(n, in.shape[1], kh, 0), pl = padBefore(n, in.shape[2], kw, 1);
  std::vector<Var> v = varsFor(4);
  Var co = v[0], x = v[1], y = v[2], b = v[3];
  Func src = (pt || pl || n.samePadding) ? padded(in, 0.0f, cName(n.layer, "padded")) : in.f;
  if (n.samePadding)
    s.padded = src;
  s.vars = v;
  if (precision == GemmPrecision::AmxTiles) {
    lowerConv2DTiles(s, src, kernel, bias, kshape, pt, pl);
    s.out = activate(s.acc, n.activation, v, n.shape.back(), cName(n.layer));
    return;
  }
  s.acc = Func(cName(n.layer, "acc"));
  s.acc(v) = initialValue(bias, co);
  if (pairsFit(precision, cin)) {
    RDom r(0, 2, 0, int(cin / 2), 0, int(kw), 0, int(kh), cName(n.layer, "r"));
    Func packed = packedPairs(kernel, kshape, false, cName(n.layer, "kernel_bf16"), s);
    s.gemmInput = inBf16(src, 4, cName(n.layer, "x_bf16"));
    s.pairs = true;
    s.r = r;
    s.acc(v) += cast<float>(packed(r[0], co, r[1], r[2], r[3])) *
                cast<float>(s.gemmInput(2 * r[1] + r[0], tap(n, x, r[2], 1, pl), tap(n, y, r[3], 0, pt), b));
  } else {
    RDom r(0, int(cin), 0, int(kw), 0, int(kh), cName(n.layer, "r"));
    s.r = r;
    GemmWeight weight = panelWeights(kernel, kshape, false, cName(n.layer, "kernel_panels"), s);
    // A 1x1 convolution reads each input once per output panel, a 3x3 one nine times: only the latter gets a
    // window (a strided 1x1's would compute the pixels it skips).
    Func read = src;
    if (kh * kw > 1) {
      s.window = Func(cName(n.layer, "window"));
      s.window(v) = src(v);
      read = s.window;
    }
    s.acc(v) += weight(co, r.x, r.y, r.z) * read(r.x, tap(n, x, r.y, 1, pl), tap(n, y, r.z, 0, pt), b);
  }
  s.vars = v;
  s.out = activate(s.acc, n.activation, v, n.shape.back(), cName(n.layer));
}

/// Depthwise accumulator: output channel oc = c·m + j reads input channel c with kernel (j, c). A pure sum of
/// its kh x kw taps (in the order an RDom over (kx, ky) would add them), not an update of a zeroed buffer: each
/// output is written once, where its schedule puts it, instead of zeroed in one pass over memory and accumulated
/// in a second (BENCHMARKS.md, the mixed profile of session 13: depthwise forward 86 -> 63 ms per step).
static Func depthwiseAcc(const kg::Node &n, const Operand &in, const Func &kernel, const std::optional<Func> &bias,
                         const std::vector<int64_t> &kshape, const std::string &name, Stage &s) {
  int64_t kh = kshape[0], kw = kshape[1], m = kshape[3];
  int64_t pt = padBefore(n, in.shape[1], kh, 0), pl = padBefore(n, in.shape[2], kw, 1);
  std::vector<Var> v = varsFor(4);
  Var oc = v[0], x = v[1], y = v[2], b = v[3];
  Func src = n.samePadding ? padded(in, 0.0f, name + "_padded") : in.f;
  if (n.samePadding)
    s.padded = src;
  Expr c = m == 1 ? Expr(oc) : oc / int(m), j = m == 1 ? Expr(0) : oc % int(m);
  Expr sum = initialValue(bias, oc);
  for (int ky = 0; ky < int(kh); ++ky)
    for (int kx = 0; kx < int(kw); ++kx)
      sum = sum + kernel(j, c, kx, ky) * src(c, tap(n, x, kx, 1, pl), tap(n, y, ky, 0, pt), b);
  Func acc(name);
  acc(v) = sum;
  return acc;
}

void lowerDepthwise(Stage &s, const Operand &in, const Func &kernel, const std::optional<Func> &bias,
                    const std::vector<int64_t> &kshape) {
  const kg::Node &n = *s.node;
  s.acc = depthwiseAcc(n, in, kernel, bias, kshape, cName(n.layer, "acc"), s);
  s.vars = varsFor(4);
  s.out = activate(s.acc, n.activation, s.vars, n.shape.back(), cName(n.layer));
}

void lowerSeparable(Stage &s, const Operand &in, const Func &dw, const Stage &pw, const std::optional<Func> &bias,
                    const std::vector<int64_t> &dwShape, const std::vector<int64_t> &pwShape,
                    GemmPrecision precision) {
  const kg::Node &n = *s.node;
  s.depthwise = depthwiseAcc(n, in, dw, std::nullopt, dwShape, cName(n.layer, "dw"), s);
  int64_t mid = dwShape[2] * dwShape[3];
  std::vector<Var> v = varsFor(4);
  s.vars = v;
  if (precision == GemmPrecision::AmxTiles) {
    lowerPointwiseTiles(s, pw, bias, pwShape);
    s.out = activate(s.acc, n.activation, v, n.shape.back(), cName(n.layer));
    return;
  }
  s.acc = Func(cName(n.layer, "acc"));
  s.acc(v) = initialValue(bias, v[0]);
  if (midInBf16(precision, mid)) {
    RDom r(0, 2, 0, int(mid / 2), cName(n.layer, "r"));
    Func packed = packedPairs(pw, pwShape, false, cName(n.layer, "pointwise_bf16"), s);
    s.gemmInput = inBf16(s.depthwise, 4, cName(n.layer, "dw_bf16"));
    s.pairs = true;
    s.r = r;
    s.acc(v) += cast<float>(packed(r[0], v[0], r[1], 0, 0)) *
                cast<float>(s.gemmInput(2 * r[1] + r[0], v[1], v[2], v[3]));
  } else {
    RDom r(0, int(mid), cName(n.layer, "r"));
    s.r = r;
    GemmWeight weight = panelWeights(pw, pwShape, false, cName(n.layer, "pointwise_panels"), s);
    s.acc(v) += weight(v[0], r, 0, 0) * s.depthwise(r, v[1], v[2], v[3]);
  }
  s.vars = v;
  s.out = activate(s.acc, n.activation, v, n.shape.back(), cName(n.layer));
}

void lowerPool(Stage &s, const Operand &in, bool isMax) {
  const kg::Node &n = *s.node;
  int64_t kh = n.poolSize[0], kw = n.poolSize[1], h = in.shape[1], w = in.shape[2];
  int64_t pt = padBefore(n, h, kh, 0), pl = padBefore(n, w, kw, 1);
  std::vector<Var> v = varsFor(4);
  Var c = v[0], x = v[1], y = v[2], b = v[3];
  // Max-pooling pads with -inf so that padding never wins; average pooling pads with 0 and divides by the number
  // of in-image taps only (Keras/TF), not by the window size.
  Func src = n.samePadding ? padded(in, isMax ? Float(32).min() : Expr(0.0f), cName(n.layer, "padded"))
                           : in.f;
  if (n.samePadding)
    s.padded = src;
  RDom r(0, int(kw), 0, int(kh), cName(n.layer, "r"));
  s.acc = Func(cName(n.layer, "acc"));
  Expr value = src(c, tap(n, x, r.x, 1, pl), tap(n, y, r.y, 0, pt), b);
  s.vars = v;
  s.out = Func(cName(n.layer));
  if (isMax) {
    s.acc(v) = Float(32).min();
    s.acc(v) = max(s.acc(v), value);
    s.out(v) = s.acc(v);
    return;
  }
  s.acc(v) = 0.0f;
  s.acc(v) += value;
  Expr x0 = x * int(n.strides[1]) - int(pl), y0 = y * int(n.strides[0]) - int(pt);
  Expr count = (min(x0 + int(kw), int(w)) - max(x0, 0)) * (min(y0 + int(kh), int(h)) - max(y0, 0));
  s.out(v) = s.acc(v) / cast<float>(count);
}

void lowerGlobalPool(Stage &s, const Operand &in, bool isMax) {
  const kg::Node &n = *s.node;
  int64_t h = in.shape[1], w = in.shape[2];
  std::vector<Var> v2 = varsFor(2);
  RDom r(0, int(w), 0, int(h), cName(n.layer, "r"));
  s.acc = Func(cName(n.layer, "acc"));
  if (isMax) {
    s.acc(v2) = Float(32).min();
    s.acc(v2) = max(s.acc(v2), in.f(v2[0], r.x, r.y, v2[1]));
  } else {
    s.acc(v2) = 0.0f;
    s.acc(v2) += in.f(v2[0], r.x, r.y, v2[1]);
  }
  Expr value = isMax ? Expr(s.acc(v2)) : s.acc(v2) / float(h * w);
  s.out = Func(cName(n.layer));
  if (n.keepdims) {
    std::vector<Var> v4 = varsFor(4);
    s.out(v4) = isMax ? Expr(s.acc(v4[0], v4[3])) : s.acc(v4[0], v4[3]) / float(h * w);
    s.vars = v4;
  } else {
    s.out(v2) = value;
    s.vars = v2;
  }
}

} // namespace xcc::hl
