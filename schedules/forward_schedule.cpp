// Baseline schedule: every layer output is computed once (compute_root) with channels vectorized and rows
// parallel; reductions are computed per output tile. Elementwise layers (activations, adds, rescaling) are
// inlined into their consumers. Tuned per kernel family in later revisions; numbers in BENCHMARKS.md.
#include "schedules/forward_schedule.h"

using namespace Halide;

namespace xcc::hl {
namespace {

bool isInlined(const kg::Node &n) {
  switch (n.kind) {
  case kg::OpKind::Rescaling:
  case kg::OpKind::Activation:
  case kg::OpKind::Add:
  case kg::OpKind::Dropout:
  case kg::OpKind::BatchNorm:
  case kg::OpKind::ZeroPadding2D:
  case kg::OpKind::Flatten:
  case kg::OpKind::Reshape:
  case kg::OpKind::Concatenate:
    return true;
  default:
    return false;
  }
}

void scheduleRoot(Stage &s, int vectorWidth) {
  Func out = s.out;
  const std::vector<Var> &v = s.vars;
  int64_t channels = s.node->shape.back();
  out.compute_root();
  if (channels >= vectorWidth)
    out.vectorize(v[0], vectorWidth, TailStrategy::GuardWithIf);
  if (v.size() == 4) {
    out.parallel(v[2]);
  } else {
    out.parallel(v.back());
  }
  if (s.acc.defined() && s.acc.name() != out.name()) {
    s.acc.compute_at(out, v.size() == 4 ? v[1] : v.back());
    if (channels >= vectorWidth) {
      s.acc.vectorize(v[0], vectorWidth, TailStrategy::GuardWithIf);
      s.acc.update(0).vectorize(v[0], vectorWidth, TailStrategy::GuardWithIf);
    }
  }
  if (s.depthwise.defined()) {
    s.depthwise.compute_at(out, v[2]);
    s.depthwise.vectorize(v[0], vectorWidth, TailStrategy::GuardWithIf);
    s.depthwise.update(0).vectorize(v[0], vectorWidth, TailStrategy::GuardWithIf);
  }
}

} // namespace

void scheduleForward(ForwardPipeline &p, const Target &target) {
  int vectorWidth = target.natural_vector_size<float>();
  for (Stage &s : p.stages) {
    if (!s.node || s.isConstant || (isInlined(*s.node) && s.out.name() != p.output.name()))
      continue;
    scheduleRoot(s, vectorWidth);
  }
}

} // namespace xcc::hl
