// Schedules for the forward pipeline. The algorithm (compiler/Halide) names its stages; this file decides
// where and how they are computed.
#ifndef XCC_SCHEDULES_FORWARD_SCHEDULE_H
#define XCC_SCHEDULES_FORWARD_SCHEDULE_H

#include "Halide/LoweredModel.h"

namespace xcc::hl {

/// out(co, x, y, n) = acc(...), acc = init + Σ_r ...: a GEMM over channels and a static reduction `r`, tiled
/// as 32 channels x a row's pixel tile in registers (schedules/forward_schedule.cpp explains the two loop
/// orders). `channels` and `width` are out's extents. `pairs`: r starts with (pair element, pair) of a bf16
/// reduction (Halide/Gemm.cpp), whose pair element becomes the inner half of each dot-product vector.
struct GemmLoops {
  bool panelsOuter;
  Halide::Var xo;   ///< the pixel-tile loop of out
  Halide::Var task; ///< the parallel loop of out: an image row, or a channel panel of one image
};
GemmLoops scheduleGemmTiles(Halide::Func out, Halide::Func acc, const std::vector<Halide::Var> &v,
                            const Halide::RDom &r, int64_t channels, int64_t width, int vec, bool pairs = false);

/// An AMX tile GEMM (Halide/Tiles.cpp) whose result `out` (c, x, y, n) adds its bias or reads it as it is: the
/// extern stage runs per task over all the task's pixels, so that one call multiplies as many rows as the task
/// has, and the rest of `out` runs vectorized after it. Tasks are image rows while the weights fit in L2 (early
/// layers: large images), else `panels` of channels of one image, whose bf16 operand is then converted once for
/// the whole batch. `channels` is out's extent in c.
struct TileLoops {
  bool panels;
  Halide::Var task; ///< out's parallel loop
};
TileLoops scheduleTileGemm(Halide::Func out, TileGemm t, int64_t channels, int vec);

/// A tile GEMM over the rows of a [batch, channels] result (a Dense layer's, Halide/Dense.cpp): out(c, n), the
/// extern stage once for the batch, or per panel of columns on both cores where there are more than one panel.
void scheduleTileRows(Halide::Func out, TileGemm t, int64_t channels, int vec);

/// A stage's operands computed once per call (Stage::bf16Operands, Stage::weightPanels), over both cores.
void schedulePackedOperands(const Stage &s, int vec);

/// Applies xcc's hand-written schedule to every stage of `p` for `target`.
void scheduleForward(LoweredModel &p, const Halide::Target &target);

} // namespace xcc::hl

#endif // XCC_SCHEDULES_FORWARD_SCHEDULE_H
