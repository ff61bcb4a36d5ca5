// Train-step schedules. Forward layers keep the forward schedule (schedules/forward_schedule.cpp); what the
// backward half reads is stored over the whole batch.
#include "schedules/train_schedule.h"
#include "schedules/forward_schedule.h"

#include <map>
#include <set>

using namespace Halide;

namespace xcc::hl {
namespace {

/// Halide extent of dimension d of a tensor of Keras `shape`; -1 (the batch) when dynamic.
int64_t extentOf(const std::vector<int64_t> &shape, size_t d) { return shape[shape.size() - 1 - d]; }

/// compute_root, the first dimension with at least `vec` elements vectorized, the outermost other dimension
/// (image rows and batch together for activations) parallel; `inner` computed per parallel iteration.
void scheduleRoot(Func out, const std::vector<Var> &v, const std::vector<int64_t> &shape, int vec,
                  Func inner = Func()) {
  out.compute_root();
  int vecDim = -1;
  for (size_t d = 0; d < v.size() && vecDim < 0; ++d)
    if (extentOf(shape, d) >= vec)
      vecDim = int(d);
  // A Func with its own update (a reduction written in place) gets the same loop structure for each definition.
  std::vector<Halide::Stage> stages{out};
  for (int u = 0; u < out.num_update_definitions(); ++u)
    stages.push_back(out.update(u));
  Var par;
  bool hasPar = false;
  if (v.size() == 4 && shape[0] < 0) {
    par = Var("rows");
    hasPar = true;
  } else {
    for (int d = int(v.size()) - 1; d >= 0 && !hasPar; --d)
      if (d != vecDim && extentOf(shape, size_t(d)) != 1) {
        par = v[d];
        hasPar = true;
      }
  }
  for (Halide::Stage &st : stages) {
    if (vecDim >= 0)
      st.vectorize(v[vecDim], vec, TailStrategy::GuardWithIf);
    if (hasPar && par.name() == "rows")
      st.fuse(v[2], v[3], par);
    if (hasPar)
      st.parallel(par);
  }
  if (!inner.defined())
    return;
  if (hasPar)
    inner.compute_at(out, par);
  else
    inner.compute_root();
  if (vecDim >= 0) {
    inner.vectorize(v[vecDim], vec, TailStrategy::GuardWithIf);
    inner.update(0).vectorize(v[vecDim], vec, TailStrategy::GuardWithIf);
  }
}

/// A convolution's kernel gradient dW(o, i, kx, ky) = Σ_p dy(o, p) · x(i, p + k), one task's part: per tap,
/// tiles of 2 vectors of o by 8 of i accumulate in registers while a row of pixels streams past (16
/// accumulators), as the separable pointwise kernel's gradient does (schedulePixelGemm); otherwise every
/// multiply-add would load and store its element of dW. `pairs`: r starts with the image of a bf16 pair, which
/// goes inside the vector of o.
void tileKernelGradient(Halide::Stage update, const std::vector<Var> &v, const RDom &r, RVar image, Var task, int vec,
                        bool pairs) {
  Var oo("oo"), ov("ov"), ou("ou"), io("io"), ii("ii");
  int p = pairs ? 1 : 0; // r[p], r[p + 1]: x, y
  std::vector<VarOrRVar> order;
  if (pairs)
    order.push_back(r[0]);
  order.insert(order.end(), {ov, ou, ii, r[p], io, oo, r[p + 1], image, v[2], v[3], task});
  update.split(v[0], oo, ov, vec, TailStrategy::GuardWithIf)
      .split(oo, oo, ou, 2, TailStrategy::GuardWithIf)
      .split(v[1], io, ii, 8, TailStrategy::GuardWithIf)
      .reorder(order);
  if (pairs)
    update.atomic().vectorize(r[0]); // parallel in a wrapper (schedulePixelReduction)
  else
    update.parallel(task);
  update.vectorize(ov).unroll(ou).unroll(ii);
}

/// Images per parallel task of a weight-shaped gradient's reduction (schedulePixelReduction): batch 32 gives 8
/// tasks, enough to balance 2 cores, and each task's partial gradient is small. Not tuned: only this value was
/// measured (BENCHMARKS.md, "Weight-gradient reductions over both cores").
constexpr int kImagesPerTask = 4;

/// A weight-shaped gradient reduced over every sample and pixel (a convolution's or depthwise kernel's,
/// BatchNorm's γ and β, a bias): the batch (the reduction's last dimension) is cut into tasks of kImagesPerTask images, which the cores
/// reduce into partial gradients side by side (rfactor), then one small sum over the tasks. Within a task the
/// pixels run outermost and the whole gradient inside them, so its inputs stream through once (channels
/// innermost, contiguous in memory) instead of once per channel vector.
void schedulePixelReduction(Stage &s, int vec) {
  std::vector<Var> v = s.acc.args();
  int vecDim = -1;
  for (size_t d = 0; d < v.size() && vecDim < 0; ++d)
    if (extentOf(s.node->shape, d) >= vec)
      vecDim = int(d);
  s.out.compute_root();
  s.acc.compute_root();
  int last = s.r.dimensions() - 1; // the batch
  RVar images("images"), image("image");
  Var task("task");
  Halide::Stage update = s.acc.update(0);
  update.split(s.r[last], images, image, kImagesPerTask, TailStrategy::GuardWithIf);
  Func partial = update.rfactor(images, task); // partial(v..., task)
  if (s.pairs) {
    // A bf16 pair reduction vectorizes under atomic(), and a parallel loop in the same update makes Halide add
    // with atomic instructions (measured: the stem's kernel gradient at 1 GFLOP/s). So each task's part is
    // computed inside a wrapper's parallel loop, with none of its own.
    Func perTask = partial.in(s.acc);
    Var t = perTask.args().back();
    perTask.compute_root().parallel(t);
    partial.compute_at(perTask, t);
  } else {
    partial.compute_root().parallel(task);
  }
  Halide::Stage partialUpdate = partial.update(0);
  // A convolution's kernel ([kh, kw, in, out]; a depthwise kernel's `out` is 1) in register tiles.
  bool kernel = v.size() == 4 && s.node->shape[3] >= vec;
  if (kernel) {
    tileKernelGradient(partialUpdate, v, s.r, image, task, vec, s.pairs);
  } else {
    std::vector<VarOrRVar> order(v.begin(), v.end());
    for (int i = 0; i < last; ++i)
      order.push_back(s.r[i]);
    order.insert(order.end(), {image, task});
    partialUpdate.reorder(order).parallel(task);
    if (vecDim >= 0)
      partialUpdate.vectorize(v[size_t(vecDim)], vec, TailStrategy::GuardWithIf);
  }
  if (vecDim >= 0) {
    s.out.vectorize(s.out.args()[size_t(vecDim)], vec, TailStrategy::GuardWithIf);
    s.acc.vectorize(v[size_t(vecDim)], vec, TailStrategy::GuardWithIf);
    update.vectorize(v[size_t(vecDim)], vec, TailStrategy::GuardWithIf);
    partial.vectorize(v[size_t(vecDim)], vec, TailStrategy::GuardWithIf);
  }
}

/// The register tile of a pointwise kernel's gradient: kGradTileO output channels (4 vectors) by kGradTileM input
/// channels, 24 accumulators: per pixel 4 vector loads and 6 broadcasts feed 24 multiply-adds (32 x 8 fed 16 with
/// 10), and each parallel task streams the input's channels once per 64 output channels instead of per 32.
/// Measured on Zen 5, mixed fine-tune step: the kernel gradients' accumulations took 121 ms against 131 with 32 x 8.
constexpr int kGradTileO = 64, kGradTileM = 6;

/// A pointwise kernel's gradient dW(o, m) = Σ_p dy(o, p) · x(m, p): each parallel task owns 32 output channels
/// and all of m; per image row, tiles of 32 x 8 accumulate in registers while the row's pixels stream past, so
/// the row of dy stays in L1 across all m tiles. In bf16 pairs (s.pairs: r is (image of the pair, x, y, pair))
/// the pair element sits inside the channel vector, one vdpbf16ps per 16 channels, m and two images.
void schedulePixelGemm(Stage &s, int vec) {
  std::vector<Var> v = s.out.args(), a = s.acc.args();
  Var oo("oo"), oi("oi"), mo("mo"), mi("mi"), ov("ov");
  int64_t channels = s.node->shape[3];
  int tile = channels >= kGradTileO ? kGradTileO : channels >= 32 ? 32 : int(channels);
  s.out.compute_root().split(v[0], oo, oi, tile, TailStrategy::ShiftInwards).reorder(oi, v[1], v[2], v[3], oo);
  s.out.parallel(oo);
  s.acc.compute_at(s.out, oo);
  if (tile % vec == 0) {
    s.out.vectorize(oi, vec);
    s.acc.vectorize(a[0], vec);
  }
  Halide::Stage update = s.acc.update(0);
  update.split(a[1], mo, mi, tile == kGradTileO ? kGradTileM : 8, TailStrategy::GuardWithIf);
  int p = s.pairs ? 1 : 0; // r[p], r[p + 1], r[p + 2]: x, y, the images
  std::vector<VarOrRVar> order;
  if (s.pairs)
    order.push_back(s.r[0]);
  if (tile % vec == 0) {
    update.split(a[0], a[0], ov, vec, TailStrategy::GuardWithIf);
    order.push_back(ov);
  }
  order.insert(order.end(), {a[0], mi, s.r[p], mo, s.r[p + 1], s.r[p + 2]});
  update.reorder(order);
  if (s.pairs)
    update.atomic().vectorize(s.r[0]);
  if (tile % vec == 0)
    update.vectorize(ov).unroll(a[0]);
  update.unroll(mi);
}

/// Whether a gradient stage is elementwise over activation-sized inputs (and per-channel constants), read at
/// the same or a shifted index: BN's input gradient, a Rescaling's, a Dropout's, a ZeroPadding2D's, a
/// Concatenate's, or an Activation's (which also reads the layer's output: a light consumer then reads two
/// tensors instead of one, but the gradient is neither written nor read back; Xception fine-tune, float32, Zen 5,
/// two alternated profiles each: BN and elementwise gradients 113, 125 -> 86, 84 ms per step, the BN sums that
/// now read the ReLU's output 40, 38 -> 49, 54). Not a Softmax's (a reduction over channels), nor a Reshape's,
/// whose divisions would make every vectorized reader gather.
bool elementwiseGradient(const Stage &s, const LoweredModel &p) {
  if (s.reduction != Stage::Reduction::None || s.node->kind != kg::OpKind::Vjp)
    return false;
  const kg::Node &forward = *p.stages[s.node->operands[0]].node;
  switch (forward.kind) {
  case kg::OpKind::Activation:
    return forward.activation != kg::Act::Softmax;
  case kg::OpKind::BatchNorm:
  case kg::OpKind::Rescaling:
  case kg::OpKind::Dropout:
  case kg::OpKind::ZeroPadding2D:
  case kg::OpKind::Concatenate:
    return true;
  default:
    return false;
  }
}

/// The elementwise gradients (elementwiseGradient) worth computing inside their consumers instead of in a pass of
/// their own: those whose every consumer is itself a pass that reads each element once (a bf16 conversion, an
/// elementwise gradient, a per-channel sum). Each consumer then reads the gradient's one input instead of its
/// result, and the result is never written: with mixed_bfloat16 a BatchNorm's input gradient goes straight into
/// the bf16 copies of the convolution's backward GEMMs (Xception fine-tune, Zen 5: BN's input gradients took 32
/// ms per step in passes of their own). A GEMM reading the gradient directly (float32) keeps it computed once.
std::set<std::string> gradientsToInline(const LoweredModel &p) {
  std::set<std::string> light;
  std::map<std::string, Internal::Function> all;
  auto add = [&](const Func &f, bool isLight) {
    if (!f.defined())
      return;
    if (isLight)
      light.insert(f.name());
    if (!all.emplace(f.name(), f.function()).second)
      return; // reached from an earlier Func, and so is everything it calls
    for (const auto &[name, fn] : Internal::find_transitive_calls(f.function()))
      all.emplace(name, fn);
  };
  for (const Stage &s : p.stages) {
    // A forward layer's backward pieces hang off its stage, which is "constant" in a backward pipeline.
    add(s.dpreBf16, true);
    add(s.dpre, true);
    for (const Func &f : s.bf16Operands)
      add(f, true);
    if (s.node && !s.isConstant && s.node->kind == kg::OpKind::Vjp) {
      bool perElement = s.reduction == Stage::Reduction::None ||
                        (s.reduction == Stage::Reduction::Pixels && s.vars.size() == 1);
      add(s.out, perElement);
      add(s.acc, perElement);
    }
  }
  std::set<std::string> read, readHeavily;
  for (const auto &[name, fn] : all)
    for (const auto &call : Internal::find_direct_calls(fn)) {
      read.insert(call.first);
      if (!light.count(name))
        readHeavily.insert(call.first);
    }
  std::set<std::string> inlined;
  for (const Stage &s : p.stages)
    if (s.node && !s.isConstant && elementwiseGradient(s, p) && read.count(s.out.name()) &&
        !readHeavily.count(s.out.name()))
      inlined.insert(s.out.name());
  return inlined;
}

} // namespace

/// Input channels per task of a kernel gradient on AMX tiles: its extern stage multiplies their rows by all of
/// dy's pixels, so fewer tasks read dy fewer times; 64 still gives Xception's 728-channel layers 12 tasks for two
/// cores. Not tuned (no AMX machine yet).
constexpr int kTileGradientRows = 64;

/// A kernel gradient on AMX tiles (Halide/BackwardWindowed.cpp's kernelGradientTiles): tasks of
/// kTileGradientRows input channels of one tap each, the GEMM's operands transposed once for the step.
void scheduleTileKernelGradient(Stage &s, int vec) {
  std::vector<Var> v = s.out.args(); // (o, ci, kx, ky), or a Dense kernel's (o, ci)
  Var cio("cio"), cii("cii"), taps("taps"), task("task");
  int64_t cin = s.node->shape[s.node->shape.size() - 2];
  int rows = cin > kTileGradientRows ? kTileGradientRows : int(cin);
  s.out.compute_root().split(v[1], cio, cii, rows, TailStrategy::ShiftInwards);
  if (v.size() == 4)
    s.out.reorder(v[0], cii, cio, v[2], v[3]).fuse(cio, v[2], taps).fuse(taps, v[3], task);
  else
    s.out.reorder(v[0], cii, cio).rename(cio, task);
  s.out.parallel(task).vectorize(v[0], vec, TailStrategy::GuardWithIf);
  s.tiles.call.compute_at(s.out, task);
  std::vector<Var> a = s.tiles.a.args();
  s.tiles.a.compute_root().parallel(a[1]).vectorize(a[0], 2 * vec);
}

void scheduleTrainForward(LoweredModel &p, const std::vector<StoredValue> &stored, const Target &target) {
  scheduleForward(p, target);
  int vec = target.natural_vector_size<float>();
  for (const StoredValue &value : stored) {
    Stage &s = p.stages[value.node];
    if (value.mid && s.gemmInput.defined()) {
      // Stored as the GEMM's bf16 copy (midInBf16): that copy for the whole batch, each row's depthwise result
      // computed into it, so that the float32 result never goes through memory.
      std::vector<Var> v = s.gemmInput.args();
      s.gemmInput.compute_root().parallel(v[3]);
      s.depthwise.compute_at(s.gemmInput, v[2]);
    } else if (value.mid) {
      // Per pixel tile in the forward schedule; the backward half reads all of it.
      std::vector<Var> v = s.depthwise.args();
      s.depthwise.compute_root().parallel(v.back()).vectorize(v[0], vec, TailStrategy::GuardWithIf);
    } else if (s.node->fused) {
      // Narrow layers stay scalar: a predicated vector load of a small embedded constant (BN statistics) can
      // be emitted as an aligned 64-byte load that the constant's storage does not satisfy.
      std::vector<Var> v = s.out.args();
      s.out.compute_root().parallel(v.back());
      if (s.node->shape.back() >= vec)
        s.out.vectorize(v[0], vec, TailStrategy::GuardWithIf);
    }
  }
}

void scheduleBackward(LoweredModel &p, const Target &target) {
  std::set<std::string> inlined = gradientsToInline(p); // before any rfactor adds Funcs
  scheduleForward(p, target); // the sums of gradients are plain adds
  int vec = target.natural_vector_size<float>();
  for (Stage &s : p.stages) {
    if (!s.node)
      continue;
    const kg::Node &n = *s.node;
    // Backward pieces hang off the forward layer's stage, which in a backward pipeline only reads a stored value
    // (so it is "constant" there): schedule them first, or they would be inlined into every use.
    if (s.isConstant || isTrainOnly(n)) // the others' scheduleForward did
      schedulePackedOperands(s, vec);
    // An Activation layer's dpre is its input gradient, a stage of its own: computed there, not in a pass of its
    // own before it (Xception's fine-tune step, mixed, Zen 5: the ReLUs' two passes took 35 + 33 ms).
    if (s.dpre.defined() && n.activation != kg::Act::Linear && n.kind != kg::OpKind::Activation)
      scheduleRoot(s.dpre, s.dpre.args(), n.shape, vec);
    if (s.dpreBf16.defined())
      scheduleRoot(s.dpreBf16, s.dpreBf16.args(), n.shape, vec);
    if (s.dmid.defined()) {
      const std::vector<int64_t> &dw = p.stages[n.operands[1]].node->shape; // [kh, kw, C, m]
      if (s.dmidTiles.defined())
        scheduleTileGemm(s.dmid, s.dmidTiles, dw[2] * dw[3], vec);
      else
        scheduleGemmTiles(s.dmid, s.dmidAcc, s.dmid.args(), s.dmidR, dw[2] * dw[3], n.shape[2], vec, s.dmidPairs);
    }
    if (s.isConstant || n.kind != kg::OpKind::Vjp)
      continue;
    // Every input pixel of a max-pool reads the winners of the windows around it: found once per window, not
    // once per reading (fine-tune step, Zen 5: Xception's four pools' argmax took 110 ms).
    if (s.winner.defined())
      scheduleRoot(s.winner, s.winner.args(), p.stages[n.operands[0]].node->shape, vec);
    if (inlined.count(s.out.name()))
      continue;
    if (s.tiles.defined() && s.reduction == Stage::Reduction::Window)
      scheduleTileGemm(s.out, s.tiles, n.shape[3], vec);
    else if (s.tiles.defined() && s.reduction == Stage::Reduction::PixelGemm)
      scheduleTileKernelGradient(s, vec);
    else if (s.tiles.defined()) // a Dense layer's input gradient
      scheduleTileRows(s.out, s.tiles, n.shape.back(), vec);
    else if (s.grid.defined()) { // the GEMM over the output grid, then spread over the input's pixels
      scheduleGemmTiles(s.grid, s.acc, s.vars, s.r, n.shape[3], p.stages[n.operands[0]].node->shape[2], vec, s.pairs);
      scheduleRoot(s.out, s.vars, n.shape, vec);
    } else if (s.reduction == Stage::Reduction::Window && n.shape.size() == 4)
      scheduleGemmTiles(s.out, s.acc, s.vars, s.r, n.shape[3], n.shape[2], vec, s.pairs);
    else if (s.reduction == Stage::Reduction::Pixels)
      schedulePixelReduction(s, vec);
    else if (s.reduction == Stage::Reduction::PixelGemm)
      schedulePixelGemm(s, vec);
    else
      scheduleRoot(s.out, s.vars, n.shape, vec, s.acc);
  }
  if (p.train.loss.defined()) { // the slice with the loss
    p.train.loss.compute_root();
    p.train.metrics.compute_root();
  }
}

void scheduleUpdate(UpdateStep &u, const Target &target) {
  // Memory-bound and elementwise: vectors of the natural width, the cores taking blocks of kUpdateBlock
  // elements, so that a 728x728 pointwise kernel spreads over 33 blocks while a bias of 728 is one block.
  constexpr int kUpdateBlock = 16384;
  int vec = target.natural_vector_size<float>();
  Var x = u.update.args()[0], xo("xo"), xi("xi"), block("block");
  u.update.compute_root()
      .split(x, xo, xi, vec, TailStrategy::GuardWithIf)
      .vectorize(xi)
      .split(xo, block, xo, kUpdateBlock / vec, TailStrategy::GuardWithIf)
      .parallel(block);
}

} // namespace xcc::hl
