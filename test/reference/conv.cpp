// Conv2D, DepthwiseConv2D and SeparableConv2D, forward and backward.
//
// Conv2D and DepthwiseConv2D are both a grouped convolution with kernel [kh,kw,Cin/groups,Cout], where output
// channel o reads the input channels of group o / (Cout/groups). Conv2D is groups = 1. DepthwiseConv2D is
// groups = C with its [kh,kw,C,m] kernel read as [kh,kw,1,C*m]: the same row-major data, and output channel
// c*m+j falls in group c, reading input channel c, as Keras requires. One index walk then serves all four
// directions (forward, d/input, d/kernel; depthwise and not), so they cannot disagree.
#include "detail.h"

namespace xcc::ref {
namespace {

struct GroupedConv {
  int64_t batch = 0, cin = 0, cout = 0, groups = 1;
  Window2D win;

  std::vector<int64_t> output_shape() const { return {batch, win.h.out, win.w.out, cout}; }

  // Calls f(x_index, k_index, y_index) for every multiply-add y[y_index] += x[x_index] * k[k_index].
  template <class F> void for_each_mac(F &&f) const {
    int64_t cin_g = cin / groups, cout_g = cout / groups;
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t oy = 0; oy < win.h.out; ++oy)
        for (int64_t ox = 0; ox < win.w.out; ++ox)
          for (int64_t o = 0; o < cout; ++o) {
            int64_t y_index = ((n * win.h.out + oy) * win.w.out + ox) * cout + o;
            int64_t first_in = (o / cout_g) * cin_g;
            for_each_tap(win, oy, ox, [&](int64_t ky, int64_t kx, int64_t iy, int64_t ix) {
              for (int64_t ci = 0; ci < cin_g; ++ci) {
                int64_t x_index = ((n * win.h.in + iy) * win.w.in + ix) * cin + first_in + ci;
                int64_t k_index = ((ky * win.w.kernel + kx) * cin_g + ci) * cout + o;
                f(x_index, k_index, y_index);
              }
            });
          }
  }
};

// kernel_shape is the grouped view [kh, kw, Cin/groups, Cout].
GroupedConv make_grouped_conv(const std::vector<int64_t> &input_shape, const std::vector<int64_t> &kernel_shape,
                              int64_t groups, const Conv2DAttrs &a) {
  check(input_shape.size() == 4, "conv input must be [N,H,W,C], got " + shape_string(input_shape));
  check(kernel_shape.size() == 4, "conv kernel must be rank 4, got " + shape_string(kernel_shape));
  check(kernel_shape[2] * groups == input_shape[3] && kernel_shape[3] % groups == 0,
        "kernel " + shape_string(kernel_shape) + " does not fit input " + shape_string(input_shape));
  GroupedConv g;
  g.batch = input_shape[0];
  g.cin = input_shape[3];
  g.cout = kernel_shape[3];
  g.groups = groups;
  g.win.h = make_window_axis(input_shape[1], kernel_shape[0], a.strides[0], a.dilation_rate[0], a.padding);
  g.win.w = make_window_axis(input_shape[2], kernel_shape[1], a.strides[1], a.dilation_rate[1], a.padding);
  return g;
}

template <class T>
TensorT<T> grouped_forward(const GroupedConv &g, const TensorT<T> &x, const TensorT<T> &kernel, MaybeTensor<T> bias,
                           Activation act) {
  std::vector<int64_t> shape = g.output_shape();
  std::vector<double> z(size_t(element_count(shape)), 0.0);
  g.for_each_mac([&](int64_t xi, int64_t ki, int64_t yi) { z[size_t(yi)] += double(x[xi]) * double(kernel[ki]); });
  return detail::bias_activation(shape, std::move(z), bias, act);
}

template <class T>
LayerGrads<T> grouped_backward(const GroupedConv &g, const TensorT<T> &x, const TensorT<T> &kernel, MaybeTensor<T> bias,
                               Activation act, const TensorT<T> &dy) {
  TensorT<T> y = grouped_forward(g, x, kernel, bias, act);
  check(dy.shape == y.shape, "conv: dy shape " + shape_string(dy.shape) + " != output " + shape_string(y.shape));
  return detail::mac_backward(g, x, kernel, bias, activation_backward_from_output(y, act, dy));
}

// [kh,kw,C,m] seen as [kh,kw,1,C*m] with C groups.
GroupedConv make_depthwise(const std::vector<int64_t> &input_shape, const std::vector<int64_t> &dk_shape,
                           const Conv2DAttrs &a) {
  check(input_shape.size() == 4 && dk_shape.size() == 4 && dk_shape[2] == input_shape[3],
        "depthwise kernel " + shape_string(dk_shape) + " does not fit input " + shape_string(input_shape));
  return make_grouped_conv(input_shape, {dk_shape[0], dk_shape[1], 1, dk_shape[2] * dk_shape[3]}, input_shape[3], a);
}

Conv2DAttrs depthwise_stage(const Conv2DAttrs &a) {
  Conv2DAttrs d = a;
  d.activation = Activation::linear;
  return d;
}

Conv2DAttrs pointwise_stage(const Conv2DAttrs &a, const std::vector<int64_t> &pointwise_shape) {
  check(pointwise_shape.size() == 4 && pointwise_shape[0] == 1 && pointwise_shape[1] == 1,
        "pointwise kernel must be [1,1,C*m,Cout], got " + shape_string(pointwise_shape));
  Conv2DAttrs p;
  p.activation = a.activation;
  return p;
}

} // namespace

template <class T>
TensorT<T> conv2d(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias, const Conv2DAttrs &attrs) {
  return grouped_forward(make_grouped_conv(input.shape, kernel.shape, 1, attrs), input, kernel, bias, attrs.activation);
}

template <class T>
LayerGrads<T> conv2d_backward(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias,
                              const Conv2DAttrs &attrs, const TensorT<T> &dy) {
  return grouped_backward(make_grouped_conv(input.shape, kernel.shape, 1, attrs), input, kernel, bias, attrs.activation,
                          dy);
}

template <class T>
TensorT<T> depthwise_conv2d(const TensorT<T> &input, const TensorT<T> &depthwise_kernel, MaybeTensor<T> bias,
                            const Conv2DAttrs &attrs) {
  return grouped_forward(make_depthwise(input.shape, depthwise_kernel.shape, attrs), input, depthwise_kernel, bias,
                         attrs.activation);
}

template <class T>
LayerGrads<T> depthwise_conv2d_backward(const TensorT<T> &input, const TensorT<T> &depthwise_kernel,
                                        MaybeTensor<T> bias, const Conv2DAttrs &attrs, const TensorT<T> &dy) {
  return grouped_backward(make_depthwise(input.shape, depthwise_kernel.shape, attrs), input, depthwise_kernel, bias,
                          attrs.activation, dy);
}

template <class T>
TensorT<T> separable_conv2d(const TensorT<T> &input, const TensorT<T> &depthwise_kernel,
                            const TensorT<T> &pointwise_kernel, MaybeTensor<T> bias, const Conv2DAttrs &attrs) {
  TensorT<T> mid =
      depthwise_conv2d(input, depthwise_kernel, static_cast<const TensorT<T> *>(nullptr), depthwise_stage(attrs));
  return conv2d(mid, pointwise_kernel, bias, pointwise_stage(attrs, pointwise_kernel.shape));
}

template <class T>
SeparableGrads<T> separable_conv2d_backward(const TensorT<T> &input, const TensorT<T> &depthwise_kernel,
                                            const TensorT<T> &pointwise_kernel, MaybeTensor<T> bias,
                                            const Conv2DAttrs &attrs, const TensorT<T> &dy) {
  const TensorT<T> *no_bias = nullptr;
  TensorT<T> mid = depthwise_conv2d(input, depthwise_kernel, no_bias, depthwise_stage(attrs));
  LayerGrads<T> pw = conv2d_backward(mid, pointwise_kernel, bias, pointwise_stage(attrs, pointwise_kernel.shape), dy);
  LayerGrads<T> dw = depthwise_conv2d_backward(input, depthwise_kernel, no_bias, depthwise_stage(attrs), pw.input);
  return {dw.input, dw.kernel, pw.kernel, pw.bias};
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template TensorT<T> conv2d(const TensorT<T> &, const TensorT<T> &, const TensorT<T> *, const Conv2DAttrs &);         \
  template LayerGrads<T> conv2d_backward(const TensorT<T> &, const TensorT<T> &, const TensorT<T> *,                   \
                                         const Conv2DAttrs &, const TensorT<T> &);                                     \
  template TensorT<T> depthwise_conv2d(const TensorT<T> &, const TensorT<T> &, const TensorT<T> *,                     \
                                       const Conv2DAttrs &);                                                           \
  template LayerGrads<T> depthwise_conv2d_backward(const TensorT<T> &, const TensorT<T> &, const TensorT<T> *,         \
                                                   const Conv2DAttrs &, const TensorT<T> &);                           \
  template TensorT<T> separable_conv2d(const TensorT<T> &, const TensorT<T> &, const TensorT<T> &, const TensorT<T> *, \
                                       const Conv2DAttrs &);                                                           \
  template SeparableGrads<T> separable_conv2d_backward(const TensorT<T> &, const TensorT<T> &, const TensorT<T> &,     \
                                                       const TensorT<T> *, const Conv2DAttrs &, const TensorT<T> &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
