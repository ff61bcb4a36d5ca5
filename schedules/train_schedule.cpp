// Train-step schedules. Forward layers keep the forward schedule (schedules/forward_schedule.cpp); what the
// backward half reads is stored over the whole batch.
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

void scheduleTrainForward(LoweredModel &p, const std::vector<StoredValue> &stored, const Target &target) {
  scheduleForward(p, target);
  int vec = target.natural_vector_size<float>();
  for (const StoredValue &value : stored) {
    Stage &s = p.stages[value.node];
    if (value.mid) {
      // Per pixel tile in the forward schedule; the backward half reads all of it.
      Var n = s.depthwise.args().back();
      s.depthwise.compute_root().parallel(n);
      s.depthwise.update(0).parallel(n);
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
  scheduleForward(p, target); // the sums of gradients are plain adds
  int vec = target.natural_vector_size<float>();
  for (Stage &s : p.stages) {
    if (!s.node || s.isConstant) // constants, parameters and values read from earlier pipelines
      continue;
    const kg::Node &n = *s.node;
    if (n.kind == kg::OpKind::Vjp) {
      scheduleRoot(s.out, s.vars, n.shape, vec, s.reduces ? s.acc : Func());
      continue;
    }
    if (s.dpre.defined() && n.activation != kg::Act::Linear)
      scheduleRoot(s.dpre, s.dpre.args(), n.shape, vec);
    if (s.dmid.defined())
      scheduleRoot(s.dmid, s.dmid.args(), n.shape, vec);
  }
  if (p.train.loss.defined()) { // the slice with the loss
    p.train.loss.compute_root();
    p.train.metrics.compute_root();
  }
}

void scheduleUpdate(UpdateStep &u, const std::vector<std::vector<int64_t>> &shapes, const Target &target) {
  int vec = target.natural_vector_size<float>();
  for (size_t i = 0; i < u.updates.size(); ++i)
    scheduleRoot(u.updates[i], u.updates[i].args(), shapes[i], vec);
}

} // namespace xcc::hl
