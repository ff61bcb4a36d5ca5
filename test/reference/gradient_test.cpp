// Every backward function against central finite differences in double (tolerances in test_util.h). Each op
// is checked through L = sum(dy * op(...)) with a random dy, perturbing one operand at a time. Random inputs
// are continuous, so kinks (relu at 0, max-pool ties, probability clips) are hit with probability ~0.
#include "test_util.h"

namespace xcc::ref::testing {
namespace {

struct ConvCase {
  std::string name;
  std::vector<int64_t> input, kernel; // kernel: [kh,kw,Cin,Cout], [kh,kw,C,m] or the depthwise part
  std::array<int64_t, 2> strides, dilation;
  Padding padding;
  Activation activation;
  bool bias;
  int64_t pointwise_out = 0; // separable only
};

Conv2DAttrs attrs_of(const ConvCase &c) {
  Conv2DAttrs a;
  a.strides = c.strides;
  a.dilation_rate = c.dilation;
  a.padding = c.padding;
  a.activation = c.activation;
  return a;
}

// Stride 2 + same with odd totals (5 -> 3 with k=2 pads 0/1; 6 -> 3 with k=3 pads 0/1), dilation 2, fused
// activations, with and without bias.
const std::vector<ConvCase> kConvCases = {
    {"s2_same_odd_k3", {2, 6, 5, 3}, {3, 3, 3, 4}, {2, 2}, {1, 1}, Padding::same, Activation::linear, true},
    {"s2_same_odd_k2", {1, 5, 5, 2}, {2, 2, 2, 3}, {2, 2}, {1, 1}, Padding::same, Activation::relu, false},
    {"dil2_same", {1, 7, 6, 2}, {3, 2, 2, 3}, {1, 1}, {2, 2}, Padding::same, Activation::sigmoid, true},
    {"dil2_valid_s12", {2, 7, 7, 2}, {2, 3, 2, 2}, {1, 2}, {2, 1}, Padding::valid, Activation::softmax, true},
};

TEST(Gradient, Conv2D) {
  for (const ConvCase &c : kConvCases) {
    std::mt19937_64 rng(1);
    TensorD x = random_tensor(c.input, rng), k = random_tensor(c.kernel, rng), b = random_tensor({c.kernel[3]}, rng);
    const TensorD *bias = c.bias ? &b : nullptr;
    TensorD dy = random_tensor(conv2d(x, k, bias, attrs_of(c)).shape, rng);
    LayerGrads<double> g = conv2d_backward(x, k, bias, attrs_of(c), dy);
    auto loss = [&] { return dot(dy, conv2d(x, k, bias, attrs_of(c))); };
    expect_gradient(x, g.input, loss, "conv2d " + c.name + " d/input");
    expect_gradient(k, g.kernel, loss, "conv2d " + c.name + " d/kernel");
    if (c.bias)
      expect_gradient(b, g.bias, loss, "conv2d " + c.name + " d/bias");
  }
}

const std::vector<ConvCase> kDepthwiseCases = {
    {"m2_s2_same_odd", {2, 6, 5, 3}, {3, 3, 3, 2}, {2, 2}, {1, 1}, Padding::same, Activation::linear, true, 4},
    {"m1_dil2_same", {1, 7, 6, 2}, {3, 3, 2, 1}, {1, 1}, {2, 2}, Padding::same, Activation::relu, false, 3},
    {"m2_valid_s21", {1, 6, 6, 2}, {2, 3, 2, 2}, {2, 1}, {1, 1}, Padding::valid, Activation::relu6, true, 2},
};

TEST(Gradient, DepthwiseConv2D) {
  for (const ConvCase &c : kDepthwiseCases) {
    std::mt19937_64 rng(2);
    TensorD x = random_tensor(c.input, rng), k = random_tensor(c.kernel, rng);
    TensorD b = random_tensor({c.kernel[2] * c.kernel[3]}, rng);
    const TensorD *bias = c.bias ? &b : nullptr;
    TensorD dy = random_tensor(depthwise_conv2d(x, k, bias, attrs_of(c)).shape, rng);
    LayerGrads<double> g = depthwise_conv2d_backward(x, k, bias, attrs_of(c), dy);
    auto loss = [&] { return dot(dy, depthwise_conv2d(x, k, bias, attrs_of(c))); };
    expect_gradient(x, g.input, loss, "depthwise " + c.name + " d/input");
    expect_gradient(k, g.kernel, loss, "depthwise " + c.name + " d/kernel");
    if (c.bias)
      expect_gradient(b, g.bias, loss, "depthwise " + c.name + " d/bias");
  }
}

TEST(Gradient, SeparableConv2D) {
  for (ConvCase c : kDepthwiseCases) {
    if (c.activation == Activation::relu6)
      c.activation = Activation::sigmoid;
    std::mt19937_64 rng(3);
    TensorD x = random_tensor(c.input, rng), dk = random_tensor(c.kernel, rng);
    TensorD pk = random_tensor({1, 1, c.kernel[2] * c.kernel[3], c.pointwise_out}, rng);
    TensorD b = random_tensor({c.pointwise_out}, rng);
    const TensorD *bias = c.bias ? &b : nullptr;
    TensorD dy = random_tensor(separable_conv2d(x, dk, pk, bias, attrs_of(c)).shape, rng);
    SeparableGrads<double> g = separable_conv2d_backward(x, dk, pk, bias, attrs_of(c), dy);
    auto loss = [&] { return dot(dy, separable_conv2d(x, dk, pk, bias, attrs_of(c))); };
    expect_gradient(x, g.input, loss, "separable " + c.name + " d/input");
    expect_gradient(dk, g.depthwise_kernel, loss, "separable " + c.name + " d/depthwise_kernel");
    expect_gradient(pk, g.pointwise_kernel, loss, "separable " + c.name + " d/pointwise_kernel");
    if (c.bias)
      expect_gradient(b, g.bias, loss, "separable " + c.name + " d/bias");
  }
}

TEST(Gradient, Dense) {
  struct Case {
    std::vector<int64_t> input;
    Activation act;
    bool bias;
  };
  for (const Case &c : {Case{{3, 5}, Activation::softmax, true}, Case{{2, 3, 4}, Activation::sigmoid, false},
                        Case{{4, 3}, Activation::relu, true}}) {
    std::mt19937_64 rng(4);
    TensorD x = random_tensor(c.input, rng), k = random_tensor({c.input.back(), 3}, rng), b = random_tensor({3}, rng);
    const TensorD *bias = c.bias ? &b : nullptr;
    TensorD dy = random_tensor(dense(x, k, bias, c.act).shape, rng);
    LayerGrads<double> g = dense_backward(x, k, bias, c.act, dy);
    auto loss = [&] { return dot(dy, dense(x, k, bias, c.act)); };
    expect_gradient(x, g.input, loss, "dense d/input");
    expect_gradient(k, g.kernel, loss, "dense d/kernel");
    if (c.bias)
      expect_gradient(b, g.bias, loss, "dense d/bias");
  }
}

TEST(Gradient, Activations) {
  for (Activation a :
       {Activation::linear, Activation::relu, Activation::relu6, Activation::sigmoid, Activation::softmax}) {
    std::mt19937_64 rng(5);
    TensorD x = random_tensor({3, 2, 5}, rng, -8, 8); // wide enough to cross relu6's upper kink
    TensorD dy = random_tensor(x.shape, rng);
    auto loss = [&] { return dot(dy, activation(x, a)); };
    expect_gradient(x, activation_backward(x, a, dy), loss, "activation " + std::to_string(int(a)));
  }
}

TEST(Gradient, RescalingAndDropout) {
  std::mt19937_64 rng(6);
  TensorD x = random_tensor({2, 3, 4}, rng), dy = random_tensor(x.shape, rng), mask(x.shape);
  for (int64_t i = 0; i < mask.size(); ++i)
    mask[i] = (i * 7) % 3 ? 1.0 : 0.0;
  expect_gradient(
      x, rescaling_backward(dy, 1 / 127.5), [&] { return dot(dy, rescaling(x, 1 / 127.5, -1.0)); }, "rescaling");
  expect_gradient(
      x, dropout_backward(dy, mask, 0.2), [&] { return dot(dy, dropout(x, mask, 0.2)); }, "dropout");
}

std::vector<Pool2DAttrs> pool_cases() {
  std::vector<Pool2DAttrs> cases(4);
  cases[0].pool_size = {3, 3}, cases[0].strides = std::array<int64_t, 2>{2, 2}, cases[0].padding = Padding::same;
  cases[1].pool_size = {2, 2}, cases[1].padding = Padding::same; // strides default to the pool size
  cases[2].pool_size = {3, 2}, cases[2].strides = std::array<int64_t, 2>{1, 1}, cases[2].padding = Padding::same;
  cases[3].pool_size = {2, 3}, cases[3].strides = std::array<int64_t, 2>{1, 2}; // valid
  return cases;
}

TEST(Gradient, Pools) {
  for (const Pool2DAttrs &a : pool_cases()) {
    std::mt19937_64 rng(7);
    TensorD x = random_tensor({2, 5, 6, 3}, rng);
    TensorD dy = random_tensor(max_pool2d(x, a).shape, rng);
    expect_gradient(
        x, max_pool2d_backward(x, a, dy), [&] { return dot(dy, max_pool2d(x, a)); }, "max_pool2d");
    expect_gradient(
        x, avg_pool2d_backward(x, a, dy), [&] { return dot(dy, avg_pool2d(x, a)); }, "avg_pool2d");
  }
}

TEST(Gradient, GlobalPools) {
  for (bool keepdims : {false, true}) {
    std::mt19937_64 rng(8);
    TensorD x = random_tensor({2, 3, 4, 3}, rng);
    TensorD dy = random_tensor(global_avg_pool2d(x, keepdims).shape, rng);
    expect_gradient(
        x, global_avg_pool2d_backward(x, keepdims, dy), [&] { return dot(dy, global_avg_pool2d(x, keepdims)); },
        "global_avg_pool2d");
    expect_gradient(
        x, global_max_pool2d_backward(x, keepdims, dy), [&] { return dot(dy, global_max_pool2d(x, keepdims)); },
        "global_max_pool2d");
  }
}

TEST(Gradient, BatchNorm) {
  for (int affine = 0; affine < 4; ++affine) { // bit 0: gamma present, bit 1: beta present
    std::mt19937_64 rng(9);
    TensorD x = random_tensor({3, 2, 2, 4}, rng, -2, 3), g = random_tensor({4}, rng, 0.5, 1.5);
    TensorD b = random_tensor({4}, rng), mean = random_tensor({4}, rng), var = random_tensor({4}, rng, 0.5, 2);
    const TensorD *gamma = affine & 1 ? &g : nullptr;
    const TensorD *beta = affine & 2 ? &b : nullptr;
    TensorD dy = random_tensor(x.shape, rng);
    std::string tag = " (gamma " + std::to_string(affine & 1) + ", beta " + std::to_string(affine >> 1) + ")";

    auto inference = [&] { return dot(dy, batch_norm_inference(x, gamma, beta, mean, var, 1e-3)); };
    BatchNormGrads<double> gi = batch_norm_inference_backward(x, gamma, beta, mean, var, 1e-3, dy);
    expect_gradient(x, gi.input, inference, "bn inference d/x" + tag);
    if (gamma)
      expect_gradient(g, gi.gamma, inference, "bn inference d/gamma" + tag);
    if (beta)
      expect_gradient(b, gi.beta, inference, "bn inference d/beta" + tag);

    auto training = [&] { return dot(dy, batch_norm_training(x, gamma, beta, mean, var, 1e-3, 0.99).output); };
    BatchNormGrads<double> gt = batch_norm_training_backward(x, gamma, beta, 1e-3, dy);
    expect_gradient(x, gt.input, training, "bn training d/x" + tag);
    if (gamma)
      expect_gradient(g, gt.gamma, training, "bn training d/gamma" + tag);
    if (beta)
      expect_gradient(b, gt.beta, training, "bn training d/beta" + tag);
  }
}

TEST(Gradient, AddAndConcatenate) {
  std::mt19937_64 rng(10);
  std::vector<TensorD> same = {random_tensor({2, 3, 2}, rng), random_tensor({2, 3, 2}, rng),
                               random_tensor({2, 3, 2}, rng)};
  TensorD dy = random_tensor({2, 3, 2}, rng);
  std::vector<TensorD> ga = add_backward(same.size(), dy);
  for (size_t i = 0; i < same.size(); ++i)
    expect_gradient(
        same[i], ga[i], [&] { return dot(dy, add(same)); }, "add input " + std::to_string(i));

  for (int64_t axis : {-1, 1}) {
    std::vector<TensorD> parts = {random_tensor({2, 3, 2}, rng), random_tensor({2, 3, 2}, rng)};
    parts[1].shape[size_t(axis < 0 ? 2 : axis)] = 1;
    parts[1].data.resize(size_t(element_count(parts[1].shape)));
    TensorD dyc = random_tensor(concatenate(parts, axis).shape, rng);
    std::vector<TensorD> gc = concatenate_backward(parts, axis, dyc);
    for (size_t i = 0; i < parts.size(); ++i)
      expect_gradient(
          parts[i], gc[i], [&] { return dot(dyc, concatenate(parts, axis)); },
          "concatenate axis " + std::to_string(axis) + " input " + std::to_string(i));
  }
}

TEST(Gradient, PaddingFlattenReshape) {
  std::mt19937_64 rng(11);
  TensorD x = random_tensor({2, 3, 2, 2}, rng);
  std::array<int64_t, 4> pad{0, 1, 2, 1};
  TensorD dyp = random_tensor(zero_padding2d(x, pad).shape, rng);
  expect_gradient(
      x, zero_padding2d_backward(dyp, pad), [&] { return dot(dyp, zero_padding2d(x, pad)); }, "zero_padding2d");
  TensorD dyf = random_tensor({2, 12}, rng);
  expect_gradient(
      x, reshape_backward(dyf, x.shape), [&] { return dot(dyf, flatten(x)); }, "flatten");
  TensorD dyr = random_tensor({2, 1, 1, 12}, rng);
  expect_gradient(
      x, reshape_backward(dyr, x.shape),
      [&] {
        return dot(dyr, reshape(x, {1, 1, -1}));
      },
      "reshape");
}

TEST(Gradient, Losses) {
  std::mt19937_64 rng(12);
  std::vector<double> w = {0.5, 2.0, 1.0};
  for (bool from_logits : {true, false}) {
    for (const std::vector<int64_t> &shape : {std::vector<int64_t>{3, 1}, std::vector<int64_t>{3, 2, 3}}) {
      TensorD y_true(shape),
          y_pred = from_logits ? random_tensor(shape, rng, -4, 4) : random_tensor(shape, rng, 0.05, 0.95);
      for (int64_t i = 0; i < y_true.size(); ++i)
        y_true[i] = double(i % 2);
      expect_gradient(
          y_pred, binary_crossentropy_backward(y_true, y_pred, from_logits, w),
          [&] { return binary_crossentropy(y_true, y_pred, from_logits, w); },
          "binary_crossentropy from_logits=" + std::to_string(from_logits));

      TensorD scores = from_logits ? random_tensor(shape, rng, -3, 3) : random_tensor(shape, rng, 0.05, 1.0);
      std::vector<int64_t> labels;
      for (int64_t r = 0; r < scores.size() / shape.back(); ++r)
        labels.push_back(r % shape.back());
      expect_gradient(
          scores, sparse_categorical_crossentropy_backward(labels, scores, from_logits, w),
          [&] { return sparse_categorical_crossentropy(labels, scores, from_logits, w); },
          "sparse_categorical_crossentropy from_logits=" + std::to_string(from_logits));
    }
  }
}

} // namespace
} // namespace xcc::ref::testing
