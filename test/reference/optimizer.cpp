// Keras Adam and SGD, one parameter tensor per call.
#include "reference.h"

#include <cmath>

namespace xcc::ref {
namespace {

template <class T> void zero_fill_if_empty(TensorT<T> &slot, const TensorT<T> &w) {
  if (slot.shape.empty() && slot.data.empty())
    slot = TensorT<T>(w.shape);
  check(slot.shape == w.shape, "optimizer slot shape " + shape_string(slot.shape) + " != " + shape_string(w.shape));
}

} // namespace

template <class T>
void adam_step(TensorT<T> &w, const TensorT<T> &g, AdamSlots<T> &slots, int64_t t, const AdamConfig &c) {
  check(g.shape == w.shape, "adam: gradient shape differs from the weight");
  check(t >= 1, "adam: step t is 1-based");
  zero_fill_if_empty(slots.m, w);
  zero_fill_if_empty(slots.v, w);
  // Keras folds both bias corrections into the step size and keeps epsilon outside the corrected sqrt(v).
  double alpha = c.learning_rate * std::sqrt(1 - std::pow(c.beta_2, double(t))) / (1 - std::pow(c.beta_1, double(t)));
  for (int64_t i = 0; i < w.size(); ++i) {
    double gi = double(g[i]);
    double m = c.beta_1 * double(slots.m[i]) + (1 - c.beta_1) * gi;
    double v = c.beta_2 * double(slots.v[i]) + (1 - c.beta_2) * gi * gi;
    slots.m[i] = T(m);
    slots.v[i] = T(v);
    w[i] = T(double(w[i]) - alpha * m / (std::sqrt(v) + c.epsilon));
  }
}

template <class T> void sgd_step(TensorT<T> &w, const TensorT<T> &g, TensorT<T> &velocity, const SgdConfig &c) {
  check(g.shape == w.shape, "sgd: gradient shape differs from the weight");
  zero_fill_if_empty(velocity, w);
  for (int64_t i = 0; i < w.size(); ++i) {
    double gi = double(g[i]);
    if (c.momentum == 0) {
      w[i] = T(double(w[i]) - c.learning_rate * gi);
      continue;
    }
    double v = c.momentum * double(velocity[i]) - c.learning_rate * gi;
    velocity[i] = T(v);
    w[i] = T(double(w[i]) + (c.nesterov ? c.momentum * v - c.learning_rate * gi : v));
  }
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template void adam_step(TensorT<T> &, const TensorT<T> &, AdamSlots<T> &, int64_t, const AdamConfig &);              \
  template void sgd_step(TensorT<T> &, const TensorT<T> &, TensorT<T> &, const SgdConfig &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
