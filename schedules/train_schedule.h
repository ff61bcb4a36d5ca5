// Schedule of a train step: the forward schedule for the forward layers, plus where the backward pass and the
// optimizer update are computed.
#ifndef XCC_SCHEDULES_TRAIN_SCHEDULE_H
#define XCC_SCHEDULES_TRAIN_SCHEDULE_H

#include "Conversion/HalideForward.h"

namespace xcc::hl {

void scheduleTrainStep(LoweredModel &p, const Halide::Target &target);

} // namespace xcc::hl

#endif // XCC_SCHEDULES_TRAIN_SCHEDULE_H
