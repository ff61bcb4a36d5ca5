// Schedules of a train step's three pipelines (see Codegen/TrainArtifact.cpp): the forward half, which stores
// what the backward half reads; the backward half; and the optimizer update.
#ifndef XCC_SCHEDULES_TRAIN_SCHEDULE_H
#define XCC_SCHEDULES_TRAIN_SCHEDULE_H

#include "Halide/LoweredModel.h"

namespace xcc::hl {

/// The forward schedule, plus the `stored` values (outputs of the forward half) that it would have inlined or
/// computed per tile, computed over the whole batch.
void scheduleTrainForward(LoweredModel &p, const std::vector<StoredValue> &stored, const Halide::Target &target);

/// Every gradient with a reduction gets a loop nest of its own: channels vectorized, the outermost independent
/// dimension parallel.
void scheduleBackward(LoweredModel &p, const Halide::Target &target);

/// Elementwise over the flattened parameter.
void scheduleUpdate(UpdateStep &u, const Halide::Target &target);

} // namespace xcc::hl

#endif // XCC_SCHEDULES_TRAIN_SCHEDULE_H
