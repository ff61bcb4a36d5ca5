// The bfloat16 form of the convolutions' GEMMs (mixed_bfloat16): the reduction over channels runs in pairs, so
// that Halide 14 emits one AVX-512 `vdpbf16ps` per 16 output channels and pair of input channels.
//
// Halide's x86 back end turns a VectorReduce of factor 2 over `f32(bf16 a) * f32(bf16 b)` into `vdpbf16ps` on
// targets with avx512_sapphirerapids (its patterns check that both factors are lossless casts from bf16). A GEMM
// whose channel reduction is an RDom of (pair element, pair, ...) with the pair element vectorized inside the
// output channels gets exactly that: the weights' 32 bf16 (16 channels x a pair) are one vector load when they
// are packed pair-innermost, and the data's pair is one 32-bit broadcast (schedules/forward_schedule.cpp).
// Measured on Zen 5 (BENCHMARKS.md): the fine-tune step's pointwise forward at 553 GFLOP/s against 248 in float32
// (scripts/profile.sh --mixed and scripts/profile.sh).
#include "Halide/Ops.h"

using namespace Halide;

namespace xcc::hl {

GemmPrecision gemmPrecision(xnn::DtypePolicy policy, const Target &target, bool amxTiles) {
  if (policy != xnn::DtypePolicy::MixedBfloat16)
    return GemmPrecision::Float32;
  if (amxTiles)
    return GemmPrecision::AmxTiles;
  return target.has_feature(Target::AVX512_SapphireRapids) ? GemmPrecision::Bf16Pairs : GemmPrecision::Float32;
}

const char *gemmPrecisionName(GemmPrecision p) {
  switch (p) {
  case GemmPrecision::AmxTiles:
    return "amx_bf16";
  case GemmPrecision::Bf16Pairs:
    return "bf16_dot";
  case GemmPrecision::Float32:
    break;
  }
  return "float32";
}

bool pairsFit(GemmPrecision p, int64_t reduction) { return p == GemmPrecision::Bf16Pairs && reduction % 2 == 0; }

bool midInBf16(GemmPrecision p, int64_t midChannels) { return pairsFit(p, midChannels); }

namespace {

/// Calls fn(out, k, kx, ky, value) for each weight of an embedded Keras kernel [kh, kw, A, B], whose GEMM outputs
/// are B and reduction channels A, or the other way round (`overB`).
template <typename Fn> void forEachWeight(const Stage &kernel, const std::vector<int64_t> &kshape, bool overB, Fn fn) {
  int64_t kh = kshape[0], kw = kshape[1], a = kshape[2], b = kshape[3];
  const std::vector<float> &w = kernel.node->data;
  for (int64_t y = 0; y < kh; ++y)
    for (int64_t x = 0; x < kw; ++x)
      for (int64_t ai = 0; ai < a; ++ai)
        for (int64_t bi = 0; bi < b; ++bi)
          fn(int(overB ? ai : bi), int(overB ? bi : ai), int(x), int(y), w[size_t(((y * kw + x) * a + ai) * b + bi)]);
}

} // namespace

Func packedPairs(const Stage &kernel, const std::vector<int64_t> &kshape, bool overB, const std::string &name,
                 Stage &owner) {
  int64_t kh = kshape[0], kw = kshape[1], a = kshape[2], b = kshape[3];
  int64_t outs = overB ? a : b, pairs = (overB ? b : a) / 2;
  Var i("i"), o("o"), p("p"), kx("kx"), ky("ky");
  Func packed(name);
  if (kernel.embedded) {
    // A frozen kernel: packed here, once, into the object's constant data.
    Buffer<bfloat16_t> buf({2, int(outs), int(pairs), int(kw), int(kh)}, name + "_data");
    forEachWeight(kernel, kshape, overB, [&](int out, int k, int x, int y, float value) {
      buf(k % 2, out, k / 2, x, y) = bfloat16_t(value);
    });
    packed(i, o, p, kx, ky) = buf(i, o, p, kx, ky);
    return packed;
  }
  // A trainable kernel: packed once per call of the pipeline (the schedule computes it at root).
  Expr k = 2 * p + i;
  packed(i, o, p, kx, ky) = cast(BFloat(16), overB ? kernel.out(k, o, kx, ky) : kernel.out(o, k, kx, ky));
  owner.bf16Operands.push_back(packed);
  return packed;
}

GemmWeight panelWeights(const Stage &kernel, const std::vector<int64_t> &kshape, bool overB, const std::string &name,
                        Stage &owner) {
  int64_t kh = kshape[0], kw = kshape[1], a = kshape[2], b = kshape[3];
  int64_t outs = overB ? a : b, ins = overB ? b : a;
  bool panels = outs > kGemmPanel && outs % kGemmPanel == 0;
  if (!panels && !overB) // already contiguous in its outputs
    return [f = kernel.out](Expr o, Expr k, Expr kx, Expr ky) { return f(o, k, kx, ky); };
  int width = panels ? kGemmPanel : int(outs);
  Var i("i"), k("k"), kx("kx"), ky("ky"), p("p");
  Func packed(name);
  if (kernel.embedded) {
    Buffer<float> buf({width, int(ins), int(kw), int(kh), int(outs / width)}, name + "_data");
    forEachWeight(kernel, kshape, overB, [&](int o, int r, int x, int y, float value) {
      buf(o % width, r, x, y, o / width) = value;
    });
    packed(i, k, kx, ky, p) = buf(i, k, kx, ky, p);
  } else {
    Expr o = p * width + i;
    packed(i, k, kx, ky, p) = overB ? kernel.out(k, o, kx, ky) : kernel.out(o, k, kx, ky);
    owner.weightPanels.push_back(packed);
  }
  if (!panels)
    return [packed](Expr o, Expr k, Expr kx, Expr ky) { return packed(o, k, kx, ky, 0); };
  return [packed](Expr o, Expr k, Expr kx, Expr ky) { return packed(o % kGemmPanel, k, kx, ky, o / kGemmPanel); };
}

Func imagePairs(const Func &f, Expr batch, const std::string &name, Stage &owner) {
  Var ni("ni"), c("c"), x("x"), y("y"), nn("nn");
  // Each image of the pair at an index free of ni, so that a vector of (ni, c) loads each image's channels densely
  // (an index mixing ni and the clamp made Halide gather element by element), and never past the batch.
  Expr first = cast(BFloat(16), f(c, x, y, 2 * nn));
  Expr second = select(2 * nn + 1 < batch, cast(BFloat(16), f(c, x, y, min(2 * nn + 1, batch - 1))),
                       Internal::make_zero(BFloat(16)));
  Func pairs(name);
  pairs(ni, c, x, y, nn) = select(ni == 0, first, second);
  owner.bf16Operands.push_back(pairs);
  return pairs;
}

Func inBf16(const Func &f, int rank, const std::string &name) {
  std::vector<Var> v = varsFor(rank);
  Func b(name);
  b(v) = cast(BFloat(16), f(v));
  return b;
}

} // namespace xcc::hl
