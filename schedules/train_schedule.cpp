// Train-step schedule. Forward layers keep the forward schedule (schedules/forward_schedule.cpp), except that
// intermediates the backward pass reads are stored rather than recomputed per tile. Every gradient with a
// reduction gets a loop nest of its own: channels vectorized, the outermost independent dimension parallel.
#include "schedules/train_schedule.h"
#include "schedules/forward_schedule.h"

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

} // namespace

void scheduleTrainStep(LoweredModel &p, const Target &target) {
  scheduleForward(p, target);
  int vec = target.natural_vector_size<float>();
  for (Stage &s : p.stages) {
    if (!s.node || s.isConstant)
      continue;
    const kg::Node &n = *s.node;
    if (n.kind == kg::OpKind::Vjp) {
      scheduleRoot(s.out, s.vars, n.shape, vec, s.reduces ? s.acc : Func());
      continue;
    }
    if (n.kind == kg::OpKind::Loss) {
      s.out.compute_root();
      continue;
    }
    // A forward layer the backward pass differentiates: store what its gradients read.
    if (s.dpre.defined() && n.activation != kg::Act::Linear)
      scheduleRoot(s.dpre, s.dpre.args(), n.shape, vec);
    if (s.dmid.defined())
      scheduleRoot(s.dmid, s.dmid.args(), n.shape, vec);
    // The pointwise kernel's gradient reads the depthwise result outside the forward's pixel tiles.
    if (s.depthwise.defined() && s.dpre.defined())
      s.depthwise.compute_root();
  }
  std::vector<const std::vector<int64_t> *> paramShapes;
  for (const Stage &s : p.stages)
    if (s.node && s.node->kind == kg::OpKind::Param)
      paramShapes.push_back(&s.node->shape);
  for (size_t i = 0; i < p.train.updates.size(); ++i) {
    Func u = p.train.updates[i];
    scheduleRoot(u, u.args(), *paramShapes[i], vec);
  }
  p.train.loss.compute_root();
  p.train.metrics.compute_root();
}

} // namespace xcc::hl
