// The AMX form of the convolutions' forward GEMMs (mixed_bfloat16 on an xcc target with amx_bf16): a Halide
// extern stage calling runtime/amx's tile GEMM, whose operands the pipeline prepares in bf16.
//
// Every convolution becomes one GEMM over K = kh x kw x cin (implicit im2col): a(k, x, y, n) is the input tap
// that k names, k = (ky kw + kx) cin + ci, which is also the order of a Keras kernel's first three axes, so the
// weights need no transposition. K is zero-padded to whole tiles (32), the output channels of the weights to
// whole B tiles (16): the tile unit never sees an edge of K, and the extern stage handles those of the pixels and
// channels (runtime/amx/src/blocking.h). Halide 14 cannot emit the tile instructions at full width itself
// (xcc/amx/tiles.h says why).
#include "Halide/Ops.h"

using namespace Halide;

namespace xcc::hl {
namespace {

constexpr int64_t kTileK = 32, kTileCols = 16;
int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

/// The kernel [kh, kw, cin, cout] (Halide dims (cout, cin, kx, ky)) as the tile GEMM's B: b(i, o, p) is the
/// weight of output channel o and reduction index k = 2p + i, in bf16, zero past the real ones. A frozen kernel
/// is packed here, into the object's constant data; a trainable one once per call of the pipeline.
ExternFuncArgument tileWeights(const Stage &kernel, const std::vector<int64_t> &kshape, int64_t kpad,
                               const std::string &name, Stage &owner) {
  int64_t kh = kshape[0], kw = kshape[1], cin = kshape[2], cout = kshape[3], k = kh * kw * cin;
  int64_t cols = roundUp(cout, kTileCols);
  if (kernel.embedded) {
    Buffer<bfloat16_t> buf({2, int(cols), int(kpad / 2)}, name + "_data");
    buf.fill(bfloat16_t(0.0f));
    const std::vector<float> &w = kernel.node->data; // Keras order: index k * cout + o
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t o = 0; o < cout; ++o)
        buf(int(kk % 2), int(o), int(kk / 2)) = bfloat16_t(w[size_t(kk * cout + o)]);
    return buf;
  }
  Var i("i"), o("o"), p("p");
  Expr kk = min(2 * p + i, int(k - 1));
  Expr weight = kernel.out(min(o, int(cout - 1)), kk % int(cin), kk / int(cin) % int(kw), kk / int(cin * kw));
  Func packed(name);
  packed(i, o, p) = select(2 * p + i < int(k) && o < int(cout), cast(BFloat(16), weight), Internal::make_zero(BFloat(16)));
  owner.bf16Operands.push_back(packed);
  return packed;
}

/// Defines s.tiles, the extern stage c(co, x, y, n) = Σ_k a(k, x, y, n) b(k, co), and s.acc = c + bias.
void defineTileGemm(Stage &s, const Func &a, const ExternFuncArgument &b, int64_t kpad,
                    const std::optional<Func> &bias, const std::vector<Var> &v) {
  s.gemmInput = a;
  s.tileK = kpad;
  s.tiles = Func(cName(s.node->layer, "tiles"));
  s.tiles.define_extern("xcc_amx_gemm_bf16", {a, b, Expr(int(kpad))}, Float(32), 4, NameMangling::C);
  s.acc = Func(cName(s.node->layer, "acc"));
  s.acc(v) = bias ? s.tiles(v) + (*bias)(v[0]) : s.tiles(v);
}

} // namespace

void lowerConv2DTiles(Stage &s, const Func &src, const Stage &kernel, const std::optional<Func> &bias,
                      const std::vector<int64_t> &kshape, int64_t padTop, int64_t padLeft) {
  const kg::Node &n = *s.node;
  int64_t kw = kshape[1], cin = kshape[2], k = kshape[0] * kw * cin, kpad = roundUp(k, kTileK);
  std::vector<Var> v = varsFor(4);
  Var kv("k");
  Expr kk = min(kv, int(k - 1)); // past K: any tap, zeroed below
  Expr x = tap(n, v[1], kk / int(cin) % int(kw), 1, padLeft), y = tap(n, v[2], kk / int(cin * kw), 0, padTop);
  Func a(cName(n.layer, "x_tiles"));
  a(kv, v[1], v[2], v[3]) =
      select(kv < int(k), cast(BFloat(16), src(kk % int(cin), x, y, v[3])), Internal::make_zero(BFloat(16)));
  defineTileGemm(s, a, tileWeights(kernel, kshape, kpad, cName(n.layer, "kernel_tiles"), s), kpad, bias, v);
}

void lowerPointwiseTiles(Stage &s, const Stage &pw, const std::optional<Func> &bias,
                         const std::vector<int64_t> &pwShape) {
  int64_t mid = pwShape[2], kpad = roundUp(mid, kTileK);
  std::vector<Var> v = varsFor(4);
  Func a(cName(s.node->layer, "dw_tiles"));
  a(v) = select(v[0] < int(mid), cast(BFloat(16), s.depthwise(min(v[0], int(mid - 1)), v[1], v[2], v[3])),
                Internal::make_zero(BFloat(16)));
  defineTileGemm(s, a, tileWeights(pw, pwShape, kpad, cName(s.node->layer, "pointwise_tiles"), s), kpad, bias, v);
}

} // namespace xcc::hl
