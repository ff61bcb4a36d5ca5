// Schedules for the forward pipeline. The algorithm (compiler/Conversion) names its stages; this file decides
// where and how they are computed.
#ifndef XCC_SCHEDULES_FORWARD_SCHEDULE_H
#define XCC_SCHEDULES_FORWARD_SCHEDULE_H

#include "Conversion/HalideForward.h"

namespace xcc::hl {

/// Applies xcc's hand-written schedule to every stage of `p` for `target`.
void scheduleForward(LoweredModel &p, const Halide::Target &target);

} // namespace xcc::hl

#endif // XCC_SCHEDULES_FORWARD_SCHEDULE_H
