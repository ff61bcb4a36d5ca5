// Internal to xcc_reference: the bias + activation epilogue that Conv2D, DepthwiseConv2D, SeparableConv2D and
// Dense share, forward and backward.
#pragma once

#include "reference.h"

namespace xcc::ref::detail {

// z (accumulated in double) + bias along the last axis, then the activation; rounded to T once, at the end.
template <class T>
TensorT<T> bias_activation(const std::vector<int64_t> &shape, std::vector<double> z, const TensorT<T> *bias,
                           Activation a) {
  int64_t c = shape.back();
  if (bias) {
    check(bias->shape == std::vector<int64_t>{c},
          "bias shape " + shape_string(bias->shape) + " != [" + std::to_string(c) + "]");
    for (size_t i = 0; i < z.size(); ++i)
      z[i] += double((*bias)[int64_t(i) % c]);
  }
  return activation(TensorD(shape, std::move(z)), a).template cast<T>();
}

// Sum over every axis but the last: the gradient of a bias (and of BatchNorm's beta).
template <class T> TensorT<T> sum_to_last_axis(const TensorT<T> &dz) {
  int64_t c = dz.dim(-1);
  std::vector<double> acc(size_t(c), 0.0);
  for (int64_t i = 0; i < dz.size(); ++i)
    acc[size_t(i % c)] += double(dz[i]);
  return TensorD({c}, acc).template cast<T>();
}

// Gradients of z = Σ x·kernel (+ bias) given dz, for any op whose multiply-adds `macs.for_each_mac` enumerates as
// (input index, kernel index, output index): convolutions and Dense share this.
template <class T, class Macs>
LayerGrads<T> mac_backward(const Macs &macs, const TensorT<T> &x, const TensorT<T> &kernel, const TensorT<T> *bias,
                           const TensorT<T> &dz) {
  std::vector<double> dx(size_t(x.size()), 0.0), dk(size_t(kernel.size()), 0.0);
  macs.for_each_mac([&](int64_t xi, int64_t ki, int64_t yi) {
    dx[size_t(xi)] += double(kernel[ki]) * double(dz[yi]);
    dk[size_t(ki)] += double(x[xi]) * double(dz[yi]);
  });
  LayerGrads<T> grads;
  grads.input = TensorD(x.shape, dx).template cast<T>();
  grads.kernel = TensorD(kernel.shape, dk).template cast<T>();
  if (bias)
    grads.bias = sum_to_last_axis(dz);
  return grads;
}

} // namespace xcc::ref::detail
