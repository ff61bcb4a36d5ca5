// Rescaling, Activation and Dropout: layers that act on each element (softmax on each last-axis row).
#include "reference.h"

#include <algorithm>
#include <cmath>

namespace xcc::ref {

template <class T> TensorT<T> rescaling(const TensorT<T> &x, double scale, double offset) {
  TensorT<T> y(x.shape);
  for (int64_t i = 0; i < x.size(); ++i)
    y[i] = T(double(x[i]) * scale + offset);
  return y;
}

template <class T> TensorT<T> rescaling_backward(const TensorT<T> &dy, double scale) {
  return rescaling(dy, scale, 0.0);
}

static double sigmoid(double x) {
  // Split on the sign so exp never overflows.
  return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}

template <class T> static void softmax_rows(const TensorT<T> &x, TensorT<T> &y) {
  check(x.rank() >= 1, "softmax needs rank >= 1");
  int64_t k = x.dim(-1);
  for (int64_t base = 0; base < x.size(); base += k) {
    double mx = -INFINITY, sum = 0;
    for (int64_t j = 0; j < k; ++j)
      mx = std::max(mx, double(x[base + j]));
    for (int64_t j = 0; j < k; ++j)
      sum += std::exp(double(x[base + j]) - mx);
    for (int64_t j = 0; j < k; ++j)
      y[base + j] = T(std::exp(double(x[base + j]) - mx) / sum);
  }
}

template <class T> TensorT<T> activation(const TensorT<T> &x, Activation a) {
  TensorT<T> y(x.shape);
  if (a == Activation::softmax) {
    softmax_rows(x, y);
    return y;
  }
  for (int64_t i = 0; i < x.size(); ++i) {
    double v = double(x[i]);
    switch (a) {
    case Activation::relu:
      v = std::max(v, 0.0);
      break;
    case Activation::relu6:
      v = std::min(std::max(v, 0.0), 6.0);
      break;
    case Activation::sigmoid:
      v = sigmoid(v);
      break;
    default:
      break; // linear
    }
    y[i] = T(v);
  }
  return y;
}

template <class T> TensorT<T> activation_backward_from_output(const TensorT<T> &y, Activation a, const TensorT<T> &dy) {
  check(y.shape == dy.shape, "activation: dy shape " + shape_string(dy.shape) + " != " + shape_string(y.shape));
  TensorT<T> dx(y.shape);
  if (a == Activation::softmax) {
    // d/dx_j = y_j (dy_j - sum_i dy_i y_i), row by row.
    int64_t k = y.dim(-1);
    for (int64_t base = 0; base < y.size(); base += k) {
      double dot = 0;
      for (int64_t j = 0; j < k; ++j)
        dot += double(dy[base + j]) * double(y[base + j]);
      for (int64_t j = 0; j < k; ++j)
        dx[base + j] = T(double(y[base + j]) * (double(dy[base + j]) - dot));
    }
    return dx;
  }
  for (int64_t i = 0; i < y.size(); ++i) {
    double v = double(y[i]), g = double(dy[i]);
    // At the kinks (relu at 0, relu6 at 0 and 6) the gradient is 0, as TensorFlow's ReluGrad/Relu6Grad.
    switch (a) {
    case Activation::relu:
      g = v > 0 ? g : 0;
      break;
    case Activation::relu6:
      g = (v > 0 && v < 6) ? g : 0;
      break;
    case Activation::sigmoid:
      g = g * v * (1 - v);
      break;
    default:
      break;
    }
    dx[i] = T(g);
  }
  return dx;
}

template <class T> TensorT<T> activation_backward(const TensorT<T> &x, Activation a, const TensorT<T> &dy) {
  return activation_backward_from_output(activation(x, a), a, dy);
}

template <class T> TensorT<T> dropout(const TensorT<T> &x, const TensorT<T> &keep_mask, double rate) {
  check(x.shape == keep_mask.shape, "dropout: mask shape differs from input");
  check(rate >= 0 && rate < 1, "dropout: rate must be in [0, 1)");
  TensorT<T> y(x.shape);
  for (int64_t i = 0; i < x.size(); ++i)
    y[i] = keep_mask[i] != T(0) ? T(double(x[i]) / (1.0 - rate)) : T(0);
  return y;
}

template <class T> TensorT<T> dropout_backward(const TensorT<T> &dy, const TensorT<T> &keep_mask, double rate) {
  return dropout(dy, keep_mask, rate); // linear in x with the same mask and scale
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template TensorT<T> rescaling(const TensorT<T> &, double, double);                                                   \
  template TensorT<T> rescaling_backward(const TensorT<T> &, double);                                                  \
  template TensorT<T> activation(const TensorT<T> &, Activation);                                                      \
  template TensorT<T> activation_backward(const TensorT<T> &, Activation, const TensorT<T> &);                         \
  template TensorT<T> activation_backward_from_output(const TensorT<T> &, Activation, const TensorT<T> &);             \
  template TensorT<T> dropout(const TensorT<T> &, const TensorT<T> &, double);                                         \
  template TensorT<T> dropout_backward(const TensorT<T> &, const TensorT<T> &, double);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
