// The AMX form of the convolutions' GEMMs (mixed_bfloat16 on an xcc target with amx_bf16): a Halide extern stage
// calling runtime/amx's tile GEMM, whose operands the pipeline prepares in bf16.
//
// Every convolution becomes one GEMM over K = kh x kw x channels (implicit im2col): a(k, x, y, n) is the tap that
// k names, k = (ky kw + kx) C + c, which is also the order of a Keras kernel's axes, so the weights need no
// reordering beyond their packing. K is zero-padded to whole tiles (32), the weights' columns to whole B tiles
// (16): the tile unit never sees an edge of K, and the extern stage handles those of its rows and columns
// (runtime/amx/src/blocking.h). Halide 14 cannot emit the tile instructions at full width itself (xcc/amx/tiles.h
// says why).
#include "Halide/Ops.h"

using namespace Halide;

namespace xcc::hl {
namespace {

constexpr int64_t kTileCols = 16;
int64_t roundUp(int64_t v, int64_t m) { return (v + m - 1) / m * m; }

} // namespace

Expr tileReduction(Expr k) { return (k + int(kTileK - 1)) / int(kTileK) * int(kTileK); }
int64_t tileReduction(int64_t k) { return roundUp(k, kTileK); }

Expr bf16OrZero(Expr inside, Expr value) {
  return select(inside, cast(BFloat(16), value), Internal::make_zero(BFloat(16)));
}

ExternFuncArgument tileWeights(const Stage &kernel, const std::vector<int64_t> &kshape, bool transposed,
                               const std::string &name, Stage &owner) {
  int64_t kh = kshape[0], kw = kshape[1], cin = kshape[2], cout = kshape[3];
  int64_t over = transposed ? cout : cin, cols = transposed ? cin : cout, k = kh * kw * over;
  int64_t kpad = tileReduction(k), colsPad = roundUp(cols, kTileCols);
  if (kernel.embedded) {
    Buffer<bfloat16_t> buf({2, int(colsPad), int(kpad / 2)}, name + "_data");
    buf.fill(bfloat16_t(0.0f));
    const std::vector<float> &w = kernel.node->data; // Keras order [kh, kw, cin, cout]
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t col = 0; col < cols; ++col) {
        int64_t tapIndex = kk / over, ci = transposed ? col : kk % over, co = transposed ? kk % over : col;
        buf(int(kk % 2), int(col), int(kk / 2)) = bfloat16_t(w[size_t((tapIndex * cin + ci) * cout + co)]);
      }
    return buf;
  }
  Var i("i"), col("o"), p("p");
  Expr kk = min(2 * p + i, int(k - 1)), c = min(col, int(cols - 1));
  Expr ci = transposed ? c : kk % int(over), co = transposed ? kk % int(over) : c;
  Expr weight = kernel.out(co, ci, kk / int(over) % int(kw), kk / int(over * kw));
  Func packed(name);
  packed(i, col, p) = bf16OrZero(2 * p + i < int(k) && col < int(cols), weight);
  owner.bf16Operands.push_back(packed);
  return packed;
}

namespace {

/// s.acc = the forward tile GEMM + bias.
void addBias(Stage &s, const std::optional<Func> &bias) {
  const std::vector<Var> &v = s.vars;
  s.acc = Func(cName(s.node->layer, "acc"));
  s.acc(v) = bias ? s.tiles.call(v) + (*bias)(v[0]) : s.tiles.call(v);
}

} // namespace

TileGemm tileGemm(const std::string &name, const Func &a, const ExternFuncArgument &b, Expr k) {
  TileGemm t{Func(name), a, k};
  t.call.define_extern("xcc_amx_gemm_bf16", {a, b, k}, Float(32), 4, NameMangling::C);
  return t;
}

void lowerConv2DTiles(Stage &s, const Func &src, const Stage &kernel, const std::optional<Func> &bias,
                      const std::vector<int64_t> &kshape, int64_t padTop, int64_t padLeft) {
  const kg::Node &n = *s.node;
  int64_t kw = kshape[1], cin = kshape[2], k = kshape[0] * kw * cin;
  std::vector<Var> v = s.vars;
  Var kv("k");
  Expr kk = min(kv, int(k - 1)); // past K: any tap, zeroed
  Expr x = tap(n, v[1], kk / int(cin) % int(kw), 1, padLeft), y = tap(n, v[2], kk / int(cin * kw), 0, padTop);
  Func a(cName(n.layer, "x_tiles"));
  a(kv, v[1], v[2], v[3]) = bf16OrZero(kv < int(k), src(kk % int(cin), x, y, v[3]));
  s.tiles = tileGemm(cName(n.layer, "tiles"), a, tileWeights(kernel, kshape, false, cName(n.layer, "kernel_tiles"), s),
                     Expr(int(tileReduction(k))));
  addBias(s, bias);
}

void lowerPointwiseTiles(Stage &s, const Stage &pw, const std::optional<Func> &bias,
                         const std::vector<int64_t> &pwShape) {
  int64_t mid = pwShape[2];
  std::vector<Var> v = s.vars;
  Func a(cName(s.node->layer, "dw_tiles"));
  a(v) = bf16OrZero(v[0] < int(mid), s.depthwise(min(v[0], int(mid - 1)), v[1], v[2], v[3]));
  s.tiles = tileGemm(cName(s.node->layer, "tiles"), a,
                     tileWeights(pw, pwShape, false, cName(s.node->layer, "pointwise_tiles"), s),
                     Expr(int(tileReduction(mid))));
  addBias(s, bias);
}

} // namespace xcc::hl
