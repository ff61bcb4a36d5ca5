// The reference against goldens from an independent implementation (PyTorch float64, golden/make_golden.py),
// forward and backward. Each case runs in double (must agree to rounding: rtol 1e-9) and in float (inputs
// rounded to float, so rtol 1e-5 with an absolute floor of 1e-6 for outputs that cancel to near zero).
#include "test_util.h"

namespace xcc::ref::testing {
namespace {

template <class T> struct Tol { static constexpr double rtol = 1e-5, atol = 1e-6; };
template <> struct Tol<double> { static constexpr double rtol = 1e-9, atol = 1e-12; };

// Runs body(golden, input-as-T, expect) for T = double and float.
template <class Body> void for_both_types(const std::string &name, Body body) {
  std::map<std::string, TensorD> g = read_golden(name);
  auto run = [&](auto tag) {
    using T = decltype(tag);
    auto in = [&](const std::string &key) { return g.at(key).template cast<T>(); };
    auto expect = [&](const TensorT<T> &actual, const std::string &key) {
      expect_close(actual, g.at(key), Tol<T>::rtol, Tol<T>::atol,
                   name + "." + key + (sizeof(T) == 4 ? " (float)" : " (double)"));
    };
    body(in, expect, T{});
  };
  run(double{});
  run(float{});
}

Conv2DAttrs conv_attrs(std::array<int64_t, 2> strides, std::array<int64_t, 2> dilation, Padding p) {
  Conv2DAttrs a;
  a.strides = strides;
  a.dilation_rate = dilation;
  a.padding = p;
  return a;
}

void conv_golden(const std::string &name, const Conv2DAttrs &attrs, bool has_bias) {
  for_both_types(name, [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    TensorT<T> x = in("x"), k = in("kernel"), b = has_bias ? in("bias") : TensorT<T>();
    const TensorT<T> *bias = has_bias ? &b : nullptr;
    expect(conv2d(x, k, bias, attrs), "y");
    LayerGrads<T> grads = conv2d_backward(x, k, bias, attrs, in("dy"));
    expect(grads.input, "d_x");
    expect(grads.kernel, "d_kernel");
    if (has_bias)
      expect(grads.bias, "d_bias");
  });
}

TEST(Golden, Conv2DValidStrided) { conv_golden("conv2d_valid", conv_attrs({2, 1}, {1, 1}, Padding::valid), true); }
TEST(Golden, Conv2DSameAsymmetric) { conv_golden("conv2d_same", conv_attrs({2, 2}, {1, 1}, Padding::same), false); }
TEST(Golden, Conv2DSameDilated) { conv_golden("conv2d_same_dilated", conv_attrs({1, 1}, {2, 2}, Padding::same), true); }

TEST(Golden, DepthwiseConv2DSameMultiplier2) {
  Conv2DAttrs attrs = conv_attrs({2, 2}, {1, 1}, Padding::same);
  for_both_types("depthwise_conv2d_same", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    TensorT<T> x = in("x"), k = in("depthwise_kernel"), b = in("bias");
    expect(depthwise_conv2d(x, k, &b, attrs), "y");
    LayerGrads<T> grads = depthwise_conv2d_backward(x, k, &b, attrs, in("dy"));
    expect(grads.input, "d_x");
    expect(grads.kernel, "d_depthwise_kernel");
    expect(grads.bias, "d_bias");
  });
}

TEST(Golden, SeparableConv2DSame) {
  Conv2DAttrs attrs = conv_attrs({1, 1}, {1, 1}, Padding::same);
  for_both_types("separable_conv2d_same", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    TensorT<T> x = in("x"), dk = in("depthwise_kernel"), pk = in("pointwise_kernel"), b = in("bias");
    expect(separable_conv2d(x, dk, pk, &b, attrs), "y");
    SeparableGrads<T> grads = separable_conv2d_backward(x, dk, pk, &b, attrs, in("dy"));
    expect(grads.input, "d_x");
    expect(grads.depthwise_kernel, "d_depthwise_kernel");
    expect(grads.pointwise_kernel, "d_pointwise_kernel");
    expect(grads.bias, "d_bias");
  });
}

Pool2DAttrs pool_3x3_stride2_same() {
  Pool2DAttrs a;
  a.pool_size = {3, 3};
  a.strides = std::array<int64_t, 2>{2, 2};
  a.padding = Padding::same;
  return a;
}

TEST(Golden, MaxPool2DSameNegInfPadding) {
  for_both_types("max_pool2d_same", [&](auto in, auto expect, auto) {
    expect(max_pool2d(in("x"), pool_3x3_stride2_same()), "y");
    expect(max_pool2d_backward(in("x"), pool_3x3_stride2_same(), in("dy")), "d_x");
  });
}

TEST(Golden, AvgPool2DSameInImageDivisor) {
  for_both_types("avg_pool2d_same", [&](auto in, auto expect, auto) {
    expect(avg_pool2d(in("x"), pool_3x3_stride2_same()), "y");
    expect(avg_pool2d_backward(in("x"), pool_3x3_stride2_same(), in("dy")), "d_x");
  });
}

TEST(Golden, BatchNormInference) {
  for_both_types("batch_norm_inference", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    TensorT<T> x = in("x"), g = in("gamma"), b = in("beta"), m = in("moving_mean"), v = in("moving_variance");
    expect(batch_norm_inference(x, &g, &b, m, v, 1e-3), "y");
    BatchNormGrads<T> grads = batch_norm_inference_backward(x, &g, &b, m, v, 1e-3, in("dy"));
    expect(grads.input, "d_x");
    expect(grads.gamma, "d_gamma");
    expect(grads.beta, "d_beta");
  });
}

TEST(Golden, BatchNormTraining) {
  for_both_types("batch_norm_training", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    TensorT<T> x = in("x"), g = in("gamma"), b = in("beta"), m({4}), v = TensorT<T>::full({4}, T(1));
    BatchNormTrainingResult<T> r = batch_norm_training(x, &g, &b, m, v, 1e-3, 0.99);
    expect(r.output, "y");
    expect(r.batch_mean, "batch_mean");
    expect(r.batch_variance, "batch_variance");
    BatchNormGrads<T> grads = batch_norm_training_backward(x, &g, &b, 1e-3, in("dy"));
    expect(grads.input, "d_x");
    expect(grads.gamma, "d_gamma");
    expect(grads.beta, "d_beta");
  });
}

TEST(Golden, DenseSoftmax) {
  for_both_types("dense_softmax", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    TensorT<T> x = in("x"), k = in("kernel"), b = in("bias");
    expect(dense(x, k, &b, Activation::softmax), "y");
    LayerGrads<T> grads = dense_backward(x, k, &b, Activation::softmax, in("dy"));
    expect(grads.input, "d_x");
    expect(grads.kernel, "d_kernel");
    expect(grads.bias, "d_bias");
  });
}

TEST(Golden, BinaryCrossentropyFromLogitsWeighted) {
  std::vector<double> w = as_vector(read_golden("bce_logits").at("sample_weight"));
  for_both_types("bce_logits", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    T loss = binary_crossentropy(in("y_true"), in("y_pred"), true, w);
    expect(TensorT<T>({}, {loss}), "loss");
    expect(binary_crossentropy_backward(in("y_true"), in("y_pred"), true, w), "d_y_pred");
  });
}

TEST(Golden, BinaryCrossentropyFromProbabilities) {
  for_both_types("bce_probs", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    expect(TensorT<T>({}, {binary_crossentropy(in("y_true"), in("y_pred"), false)}), "loss");
    expect(binary_crossentropy_backward(in("y_true"), in("y_pred"), false), "d_y_pred");
  });
}

TEST(Golden, SparseCategoricalCrossentropyFromLogitsWeighted) {
  std::map<std::string, TensorD> g = read_golden("scce_logits");
  std::vector<int64_t> labels = as_labels(g.at("labels"));
  std::vector<double> w = as_vector(g.at("sample_weight"));
  for_both_types("scce_logits", [&](auto in, auto expect, auto tag) {
    using T = decltype(tag);
    expect(TensorT<T>({}, {sparse_categorical_crossentropy(labels, in("y_pred"), true, w)}), "loss");
    expect(sparse_categorical_crossentropy_backward(labels, in("y_pred"), true, w), "d_y_pred");
  });
}

} // namespace
} // namespace xcc::ref::testing
