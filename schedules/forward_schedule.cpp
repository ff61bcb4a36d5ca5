// Forward schedule. Measurements (this 2-core AVX-512 machine, batch 32) are in BENCHMARKS.md.
//
// Convolutions (Xception is ~90 % 1x1 convolutions) are scheduled as GEMMs: each output tile of 32 channels
// (two 16-float vectors; four where a row has 6 pixels or fewer; on AVX2 half as many channels) by T pixels of one
// row is accumulated in registers (at most 24 zmm accumulators, 12 ymm) while the reduction streams the weights; the
// tile loop runs channel panels inside pixel tiles so that the tile's input pixels stay in L1. A separable
// convolution computes its depthwise stage per pixel tile, straight into the pointwise GEMM's input, so the
// depthwise result never goes through memory.
// Which layers get a loop nest of their own is decided by --xcc-group-kernels (compiler/Transforms/GroupKernels.cpp);
// the fused ones are inlined into their consumers.
#include "schedules/forward_schedule.h"

using namespace Halide;

namespace xcc::hl {
namespace {

/// The registers a GEMM's register tile accumulates in: 24 of AVX-512's 32 zmm, 12 of AVX2's 16 ymm, leaving
/// the rest for the weight vectors and the broadcast. More would spill: AVX2 variants with AVX-512's 2 x 16
/// channels by 12 pixels loaded and stored an accumulator around every FMA.
int accumulators(int vec) { return vec >= 16 ? 24 : 12; }

/// The pixel tile for a row of `width` pixels: the largest T <= `most` that wastes least when the last tile is
/// shifted inwards (recomputing pixels of its neighbour).
int pixelTile(int64_t width, int most) {
  if (width <= most)
    return int(width);
  int best = most;
  int64_t bestCost = INT64_MAX;
  for (int t = most; t >= 4; --t) {
    int64_t cost = (width + t - 1) / t * t;
    if (cost < bestCost) {
      best = t;
      bestCost = cost;
    }
  }
  return best;
}

/// Weights above this size do not stay in one core's L2 (1 MiB) while a row of pixels streams past them.
/// Chosen by measurement (BENCHMARKS.md, "How it got there": Zen 4, 2 cores, Xception forward at batch 32): the
/// panel-outer order above 512 KiB, with the residual adds stored and the caching allocator, took 36.9 to
/// 41.9-46.0 images/s.
constexpr int64_t kLargeWeightBytes = 512 * 1024;

/// out(co, x, y, n) = act(acc(co, x, y, n)); acc = bias + Σ_r W(co, r) · in(r, x, y, n).
///
/// Two loop orders, by which operand should stay in cache:
/// - pixels outer (early layers: large images, small weights): each parallel task is one image row; all channel
///   panels run over its pixel tiles, so the weights are re-read from L2 and the row's pixels stay in L1;
/// - panels outer (late layers: 9x9 or 5x5 images, up to 12 MiB of weights): each parallel task is one 32-channel
///   panel of one image, whose 32 x K weights (<= 196 KiB) stay in L2 across all the image's pixel tiles, so the
///   weights are read once per image instead of once per row.
} // namespace

GemmLoops scheduleGemmTiles(Func out, Func acc, const std::vector<Var> &v, const RDom &r, int64_t channels,
                            int64_t width, int vec, bool pairs) {
  Var co = v[0], x = v[1], y = v[2], n = v[3];
  int64_t weightBytes = channels * 4;
  for (int i = 0; i < r.dimensions(); ++i)
    weightBytes *= *Internal::as_const_int(r[i].extent());
  bool panelsOuter = weightBytes > kLargeWeightBytes;
  // Two vectors of channels (32 on AVX-512, 16 on AVX2: inside one kGemmPanel either way) by up to half the
  // accumulators in pixels.
  int tileC = channels >= 2 * vec ? 2 * vec : int(channels);
  int tileX = pixelTile(width, accumulators(vec) / 2);
  // A row of few pixels leaves accumulators free: 4 vectors of channels then fill them, and each reduction step
  // loads 4 weight vectors per 5 broadcasts instead of 2. Xception's 5x5x1536->2048 pointwise alone (Zen 5, batch
  // 32, xcc-forward-bench): 14.0 -> 12.7 ms.
  if (4 * tileX <= accumulators(vec) && channels % (4 * vec) == 0)
    tileC = 4 * vec;
  Var coo("coo"), coi("coi"), xo("xo"), xi("xi"), task("task");
  // All channels, from 0 as declared: then each tile starts at a multiple of tileC, so that each of its weight
  // vectors lies inside one kGemmPanel panel and is one dense load per reduction step, not a gather.
  out.compute_root()
      .bound(co, 0, int(channels))
      .split(co, coo, coi, tileC, TailStrategy::ShiftInwards)
      .split(x, xo, xi, tileX, TailStrategy::ShiftInwards);
  if (panelsOuter)
    out.reorder(coi, xi, xo, y, coo, n).fuse(coo, n, task);
  else
    out.reorder(coi, xi, coo, xo, y, n).fuse(y, n, task);
  out.parallel(task);
  if (tileC % vec == 0)
    out.vectorize(coi, vec);
  acc.compute_at(out, panelsOuter ? xo : coo);
  if (tileC % vec == 0)
    acc.vectorize(co, vec).unroll(co);
  acc.unroll(x);
  // Registers hold the 32 x T tile; the reduction (input channels, then window taps) runs around it. A bf16
  // pair reduction puts its pair element inside the channels: one vdpbf16ps per 16 channels and pixel.
  Halide::Stage update = acc.update(0);
  std::vector<VarOrRVar> order;
  if (pairs)
    order.push_back(r[0]);
  order.insert(order.end(), {co, x});
  for (int i = pairs ? 1 : 0; i < r.dimensions(); ++i)
    order.push_back(r[i]);
  order.push_back(y);
  order.push_back(n);
  update.reorder(order);
  if (pairs)
    update.atomic().vectorize(r[0]);
  if (tileC % vec == 0)
    update.vectorize(co, vec).unroll(co);
  update.unroll(x);
  return {panelsOuter, xo, task};
}

void schedulePackedOperands(const Stage &s, int vec) {
  // Each is (pair element, channel, the rest): a vector of channel pairs per task of 16 of the rest, which
  // balances a 1x1 kernel's few hundred pairs and an activation's thousands of pixels alike. Not tuned: only 16
  // was measured (these conversions are 4 % of the mixed fine-tune step, BENCHMARKS.md).
  constexpr int kRowsPerTask = 16;
  for (Func f : s.bf16Operands) {
    std::vector<Var> a = f.args();
    Var rows = a[2];
    for (size_t d = 3; d < a.size(); ++d) {
      Var fused(rows.name() + "_" + a[d].name());
      f.fuse(rows, a[d], fused);
      rows = fused;
    }
    f.bound(a[0], 0, 2) // whole pairs, also where an extern stage (which Halide cannot see into) reads them
        .compute_root()
        .vectorize(a[0])
        .vectorize(a[1], vec, TailStrategy::GuardWithIf)
        .parallel(rows, kRowsPerTask, TailStrategy::GuardWithIf);
  }
  // (channel in panel, reduction channel, kx, ky, panel): a copy, 16 reduction channels per task. Not tuned: the
  // copies took 23 ms of Xception's 1.67 s fine-tune step (Zen 5, scripts/profile.sh).
  for (Func f : s.weightPanels) {
    std::vector<Var> a = f.args();
    f.compute_root()
        .vectorize(a[0], vec, TailStrategy::GuardWithIf)
        .parallel(a[1], kRowsPerTask, TailStrategy::GuardWithIf);
  }
}

namespace {

/// Output channels per task when the weights are large: a 256-column panel of B is K x 1 KiB (at most 1.5 MiB at
/// Xception's K = 1536), read once per image. Not tuned (no AMX machine yet).
constexpr int kTilePanel = 256;

} // namespace

TileLoops scheduleTileGemm(Func out, TileGemm t, int64_t channels, int vec) {
  const std::vector<Var> v = out.args();
  Var co = v[0], x = v[1], y = v[2], n = v[3], task("task");
  // The weights (bf16) against kLargeWeightBytes, as for the other GEMMs: not tuned for AMX (no machine with AMX
  // has measured it yet).
  bool panels = *Internal::as_const_int(t.k) * channels * 2 > kLargeWeightBytes && channels > kTilePanel;
  out.compute_root();
  if (panels) {
    Var coo("coo"), coi("coi");
    out.split(co, coo, coi, kTilePanel, TailStrategy::ShiftInwards)
        .reorder(coi, x, y, coo, n)
        .fuse(coo, n, task)
        .vectorize(coi, vec);
  } else {
    out.fuse(y, n, task).vectorize(co, vec, TailStrategy::GuardWithIf);
  }
  out.parallel(task);
  t.call.compute_at(out, task);
  std::vector<Var> a = t.a.args();
  if (panels)
    t.a.compute_root().parallel(a[3]).vectorize(a[0], 2 * vec);
  else
    t.a.compute_at(out, task).vectorize(a[0], 2 * vec);
  return {panels, task};
}

void scheduleTileRows(Func out, TileGemm t, int64_t channels, int vec) {
  std::vector<Var> v = out.args();
  out.compute_root();
  if (channels > kTilePanel) {
    Var coo("coo"), coi("coi");
    out.split(v[0], coo, coi, kTilePanel, TailStrategy::ShiftInwards)
        .reorder(coi, v[1], coo)
        .parallel(coo)
        .vectorize(coi, vec);
    t.call.compute_at(out, coo);
  } else {
    if (channels >= vec)
      out.vectorize(v[0], vec, TailStrategy::GuardWithIf);
    t.call.compute_root();
  }
  std::vector<Var> a = t.a.args();
  t.a.compute_root().vectorize(a[0], 2 * vec);
}

namespace {

void scheduleConvolution(Stage &s, int vec) {
  if (s.tiles.defined()) {
    // The depthwise stage goes where the tile GEMM's operand is computed: per task, or once for the batch.
    TileLoops loops = scheduleTileGemm(s.out, s.tiles, s.node->shape[3], vec);
    schedulePackedOperands(s, vec);
    if (s.depthwise.defined()) {
      if (loops.panels)
        s.depthwise.compute_root().parallel(s.vars[3]);
      else
        s.depthwise.compute_at(s.out, loops.task);
      s.depthwise.vectorize(s.vars[0], vec, TailStrategy::GuardWithIf);
    }
    return;
  }
  const std::vector<Var> &v = s.vars;
  GemmLoops loops = scheduleGemmTiles(s.out, s.acc, v, s.r, s.node->shape[3], s.node->shape[2], vec, s.pairs);
  schedulePackedOperands(s, vec);
  bool panelsOuter = loops.panelsOuter;
  Var xo = loops.xo, n = v[3];
  if (s.window.defined()) {
    // Pixels outer: the rows a task's taps read (3 input rows per output row of a 3x3 convolution), each value
    // computed once per task. Panels outer: every panel task reads the whole image, so once for the batch.
    // Xception's block1_conv2 reading block1_conv1's BN and ReLU per tap took 32 ms of the fine-tune forward,
    // Zen 5, batch 32 (scripts/profile.sh --predict).
    if (panelsOuter)
      s.window.compute_root().parallel(n);
    else
      s.window.compute_at(s.out, loops.task);
    // Shifted inwards, not guarded: a predicated load of a small embedded constant (a BN statistic) can be
    // emitted aligned where its storage is not (scheduleTrainForward). r.x is the input channels.
    if (*Internal::as_const_int(s.r.x.extent()) >= vec)
      s.window.vectorize(v[0], vec, TailStrategy::ShiftInwards);
  }
  if (s.gemmInput.defined() && !s.depthwise.defined()) {
    // A convolution's input in bf16: converted once, over the whole batch.
    std::vector<Var> a = s.gemmInput.args();
    s.gemmInput.compute_root().vectorize(a[0], vec, TailStrategy::GuardWithIf).parallel(a[3]);
  }
  if (s.depthwise.defined()) {
    if (panelsOuter) {
      // Shared by every panel task: computed once for the whole batch (a 9x9 or 5x5 image is L2-sized).
      s.depthwise.compute_root().parallel(n).vectorize(v[0], vec, TailStrategy::GuardWithIf);
      if (s.gemmInput.defined())
        s.gemmInput.compute_root().parallel(n).vectorize(v[0], vec, TailStrategy::GuardWithIf);
    } else {
      // The depthwise result for this pixel tile, all channels: (T + 2) input rows x channels stay in L1.
      s.depthwise.compute_at(s.out, xo).vectorize(v[0], vec, TailStrategy::GuardWithIf);
      if (s.gemmInput.defined()) // and its bf16 copy, which the GEMM reads
        s.gemmInput.compute_at(s.out, xo).vectorize(v[0], vec, TailStrategy::GuardWithIf);
    }
  }
}

/// Pools, global pools, dense and the rest: one pass, channels vectorized, rows (or samples) in parallel. A Dense
/// layer's bf16 GEMM (Halide/Dense.cpp): on tiles, or in pairs of features inside the vector of units (one
/// vdpbf16ps per 16 units, as scheduleGemmTiles) where the units fill whole vectors.
void scheduleSimple(Stage &s, int vec) {
  const std::vector<Var> &v = s.vars;
  int64_t channels = s.node->shape.back();
  schedulePackedOperands(s, vec);
  if (s.tiles.defined())
    return scheduleTileRows(s.out, s.tiles, channels, vec);
  if (s.gemmInput.defined())
    s.gemmInput.compute_root().vectorize(s.gemmInput.args()[0], vec, TailStrategy::GuardWithIf);
  s.out.compute_root();
  if (channels >= vec)
    s.out.vectorize(v[0], vec, TailStrategy::GuardWithIf);
  s.out.parallel(v.size() == 4 ? v[2] : v.back());
  // A pure accumulator (a depthwise convolution's sum of taps) stays inlined into out.
  if (s.acc.defined() && s.acc.name() != s.out.name() && s.acc.has_update_definition()) {
    s.acc.compute_at(s.out, v.size() == 4 ? v[1] : v.back());
    if (s.pairs && channels % vec == 0) {
      s.acc.vectorize(v[0], vec);
      s.acc.update(0).reorder(s.r[0], v[0], s.r[1], v[1]).atomic().vectorize(s.r[0]).vectorize(v[0], vec);
    } else if (channels >= vec) {
      s.acc.vectorize(v[0], vec, TailStrategy::GuardWithIf);
      s.acc.update(0).vectorize(v[0], vec, TailStrategy::GuardWithIf);
    }
  }
}

bool isConvolution(const kg::Node &n) {
  return n.kind == kg::OpKind::Conv2D || n.kind == kg::OpKind::SeparableConv2D;
}

} // namespace

void scheduleForward(LoweredModel &p, const Target &target) {
  int vec = target.natural_vector_size<float>();
  for (Stage &s : p.stages) {
    // A few hundred values, read by every element of the layer and its gradient (and by every tap of a
    // convolution the layer is fused into). Scalar: as scheduleTrainForward says, a vector load of a small
    // embedded constant can be emitted aligned where its storage is not.
    if (s.bnScale.defined())
      s.bnScale.compute_root();
    // Layers --xcc-group-kernels fused into their consumers keep Halide's default: inlined.
    if (!s.node || s.isConstant || s.node->fused || isTrainOnly(*s.node))
      continue;
    if (isConvolution(*s.node) && s.node->shape.size() == 4)
      scheduleConvolution(s, vec);
    else
      scheduleSimple(s, vec);
  }
}

} // namespace xcc::hl
