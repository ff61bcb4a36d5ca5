// Dense over the last axis, forward and backward.
#include "detail.h"

namespace xcc::ref {
namespace {

struct DenseShape {
  int64_t rows = 0, in = 0, out = 0;
  // Calls f(x_index, k_index, y_index) for every multiply-add y[y_index] += x[x_index] * k[k_index].
  template <class F> void for_each_mac(F &&f) const {
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t o = 0; o < out; ++o)
        for (int64_t i = 0; i < in; ++i)
          f(r * in + i, i * out + o, r * out + o);
  }
};

DenseShape dense_shape(const std::vector<int64_t> &x, const std::vector<int64_t> &k, std::vector<int64_t> &y) {
  check(!x.empty() && k.size() == 2 && k[0] == x.back(),
        "dense kernel " + shape_string(k) + " does not fit input " + shape_string(x));
  y = x;
  y.back() = k[1];
  return {element_count(x) / x.back(), k[0], k[1]};
}

} // namespace

template <class T>
TensorT<T> dense(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias, Activation activation) {
  std::vector<int64_t> shape;
  DenseShape d = dense_shape(input.shape, kernel.shape, shape);
  std::vector<double> z(size_t(element_count(shape)), 0.0);
  d.for_each_mac([&](int64_t xi, int64_t ki, int64_t yi) { z[size_t(yi)] += double(input[xi]) * double(kernel[ki]); });
  return detail::bias_activation(shape, std::move(z), bias, activation);
}

template <class T>
LayerGrads<T> dense_backward(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias,
                             Activation activation, const TensorT<T> &dy) {
  std::vector<int64_t> shape;
  DenseShape d = dense_shape(input.shape, kernel.shape, shape);
  check(dy.shape == shape, "dense: dy shape " + shape_string(dy.shape) + " != output " + shape_string(shape));
  return detail::mac_backward(d, input, kernel, bias,
                              activation_backward_from_output(dense(input, kernel, bias, activation), activation, dy));
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template TensorT<T> dense(const TensorT<T> &, const TensorT<T> &, const TensorT<T> *, Activation);                   \
  template LayerGrads<T> dense_backward(const TensorT<T> &, const TensorT<T> &, const TensorT<T> *, Activation,        \
                                        const TensorT<T> &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
