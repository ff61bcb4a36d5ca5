// Hand-computed cases: each expected number is derived in the comment beside it.
#include "test_util.h"

#include <stdexcept>

namespace xcc::ref::testing {
namespace {

TensorD iota(const std::vector<int64_t> &shape, double start = 1) {
  TensorD t(shape);
  for (int64_t i = 0; i < t.size(); ++i)
    t[i] = start + double(i);
  return t;
}

void expect_values(const TensorD &t, const std::vector<int64_t> &shape, const std::vector<double> &values,
                   const std::string &what) {
  expect_close(t, TensorD(shape, values), 1e-12, 1e-12, what);
}

TEST(Window, SameIsAsymmetricWhenTotalIsOdd) {
  // 4 -> ceil(4/2) = 2 outputs; total = (2-1)*2 + 3 - 4 = 1: 0 before, 1 after.
  WindowAxis a = make_window_axis(4, 3, 2, 1, Padding::same);
  EXPECT_EQ(a.out, 2);
  EXPECT_EQ(a.pad_before, 0);
  EXPECT_EQ(a.pad_after, 1);
  // Xception's pools: 72 -> 36, total = 35*2 + 3 - 72 = 1: 0 before, 1 after.
  WindowAxis x = make_window_axis(72, 3, 2, 1, Padding::same);
  EXPECT_EQ(x.out, 36);
  EXPECT_EQ(x.pad_before, 0);
  // k=3, d=2 spans 5: 7 -> 7 with total 4: 2 before, 2 after.
  WindowAxis d = make_window_axis(7, 3, 1, 2, Padding::same);
  EXPECT_EQ(d.out, 7);
  EXPECT_EQ(d.pad_before, 2);
  EXPECT_EQ(d.pad_after, 2);
  // block1_conv1: 150 valid k3 s2 -> ceil((150-3+1)/2) = 74.
  EXPECT_EQ(make_window_axis(150, 3, 2, 1, Padding::valid).out, 74);
  // valid k3 d2 spans 5: 7 -> 3.
  EXPECT_EQ(make_window_axis(7, 3, 1, 2, Padding::valid).out, 3);
  EXPECT_THROW(make_window_axis(2, 3, 1, 1, Padding::valid), std::invalid_argument);
}

TEST(Conv2D, SameStride2PadsOnlyAfter) {
  // x = 1..16 on a 4x4 grid, 3x3 ones kernel, stride 2 same: pads 0 top/left, 1 bottom/right, so
  // y00 = rows0-2 x cols0-2 = 1+2+3+5+6+7+9+10+11 = 54; y01 = rows0-2 x cols2-3 = 3+4+7+8+11+12 = 45;
  // y10 = rows2-3 x cols0-2 = 9+10+11+13+14+15 = 72; y11 = 11+12+15+16 = 54. (PyTorch's symmetric pad 1
  // would give y00 = 1+2+5+6 = 14.)
  Conv2DAttrs a;
  a.strides = {2, 2};
  a.padding = Padding::same;
  TensorD y = conv2d(iota({1, 4, 4, 1}), TensorD::full({3, 3, 1, 1}, 1.0), nullptr, a);
  expect_values(y, {1, 2, 2, 1}, {54, 45, 72, 54}, "conv2d same s2");
}

TEST(Conv2D, BiasThenActivation) {
  // 1x1 conv, kernel [[1,-1]] maps x=(2,3) to (2*1 + 3*-1... per output: o0 = 2*1 + 3*2 = 8, o1 = 2*-1 + 3*-2 = -8;
  // bias (0.5, 1) gives 8.5 and -7; relu gives 8.5 and 0.
  Conv2DAttrs a;
  a.activation = Activation::relu;
  TensorD k({1, 1, 2, 2}, {1, -1, 2, -2}), b({2}, {0.5, 1});
  TensorD y = conv2d(TensorD({1, 1, 1, 2}, {2, 3}), k, &b, a);
  expect_values(y, {1, 1, 1, 2}, {8.5, 0}, "conv2d bias relu");
}

TEST(Conv2D, DilationSkipsInputs) {
  // x = 1..5 on one row, kernel (1,1) with dilation 2 reads x[i] + x[i+2]: 1+3, 2+4, 3+5.
  Conv2DAttrs a;
  a.dilation_rate = {1, 2};
  TensorD y = conv2d(iota({1, 1, 5, 1}), TensorD::full({1, 2, 1, 1}, 1.0), nullptr, a);
  expect_values(y, {1, 1, 3, 1}, {4, 6, 8}, "conv2d dilation");
}

TEST(DepthwiseConv2D, OutputChannelIsCTimesMPlusJ) {
  // x = (1, 10); kernel[0,0,c,j] = (1,2 | 3,4): outputs c*m+j = 1*1, 1*2, 10*3, 10*4.
  TensorD y = depthwise_conv2d(TensorD({1, 1, 1, 2}, {1, 10}), TensorD({1, 1, 2, 2}, {1, 2, 3, 4}), nullptr, {});
  expect_values(y, {1, 1, 1, 4}, {1, 2, 30, 40}, "depthwise channel order");
}

TEST(SeparableConv2D, DepthwiseThenPointwiseThenBias) {
  // depthwise (2, 3) on x = (1, 10) gives (2, 30); pointwise (1, 1) sums to 32; bias 0.5 gives 32.5.
  TensorD b({1}, {0.5});
  TensorD y = separable_conv2d(TensorD({1, 1, 1, 2}, {1, 10}), TensorD({1, 1, 2, 1}, {2, 3}),
                               TensorD({1, 1, 2, 1}, {1, 1}), &b, {});
  expect_values(y, {1, 1, 1, 1}, {32.5}, "separable");
  EXPECT_THROW(separable_conv2d(TensorD({1, 1, 1, 2}), TensorD({1, 1, 2, 1}), TensorD({2, 1, 2, 1}), &b, {}),
               std::invalid_argument);
}

TEST(MaxPool2D, SamePaddingIsNegativeInfinity) {
  // All inputs negative; 3x3 stride 1 same on 2x2 pads 1 each side, every window covers the whole image, so
  // every output is the largest input -5 (zero padding would wrongly give 0).
  Pool2DAttrs a;
  a.pool_size = {3, 3};
  a.strides = std::array<int64_t, 2>{1, 1};
  a.padding = Padding::same;
  TensorD y = max_pool2d(TensorD({1, 2, 2, 1}, {-5, -6, -7, -8}), a);
  expect_values(y, {1, 2, 2, 1}, {-5, -5, -5, -5}, "max_pool2d same");
}

TEST(MaxPool2D, TiesRouteToFirstInWindowOrder) {
  // (3, 3) in one 1x2 window: the gradient goes to the first.
  Pool2DAttrs a;
  a.pool_size = {1, 2};
  TensorD x({1, 1, 2, 1}, {3, 3});
  expect_values(max_pool2d_backward(x, a, TensorD::full({1, 1, 1, 1}, 1.0)), {1, 1, 2, 1}, {1, 0}, "tie");
  // Global max: ties go to the first in row-major (h, w) order.
  expect_values(global_max_pool2d_backward(TensorD({1, 2, 2, 1}, {1, 4, 4, 2}), false, TensorD::full({1, 1}, 1.0)),
                {1, 2, 2, 1}, {0, 1, 0, 0}, "global tie");
}

TEST(AvgPool2D, SameDividesByInImageCount) {
  // x = 1..9 on 3x3, pool 3 stride 1 same (pads 1 each side). Corner (0,0) sees rows 0-1 x cols 0-1:
  // (1+2+4+5)/4 = 3, not 12/9. Edge (0,1) sees 6 values: (1+2+3+4+5+6)/6 = 3.5. Centre: 45/9 = 5.
  Pool2DAttrs a;
  a.pool_size = {3, 3};
  a.strides = std::array<int64_t, 2>{1, 1};
  a.padding = Padding::same;
  TensorD y = avg_pool2d(iota({1, 3, 3, 1}), a);
  EXPECT_DOUBLE_EQ(y.at({0, 0, 0, 0}), 3.0);
  EXPECT_DOUBLE_EQ(y.at({0, 0, 1, 0}), 3.5);
  EXPECT_DOUBLE_EQ(y.at({0, 1, 1, 0}), 5.0);
  // Backward of the corner: dy = 1 at (0,0) only spreads 1/4 to each of its 4 in-image inputs.
  TensorD dy({1, 3, 3, 1});
  dy.at({0, 0, 0, 0}) = 1;
  expect_values(avg_pool2d_backward(iota({1, 3, 3, 1}), a, dy), {1, 3, 3, 1}, {0.25, 0.25, 0, 0.25, 0.25, 0, 0, 0, 0},
                "avg corner backward");
}

TEST(AvgPool2D, StridesDefaultToPoolSize) {
  // x = 1..16 on 4x4, pool 2: (1+2+5+6)/4 = 3.5, (3+4+7+8)/4 = 5.5, (9+10+13+14)/4 = 11.5, 13.5.
  Pool2DAttrs a;
  expect_values(avg_pool2d(iota({1, 4, 4, 1}), a), {1, 2, 2, 1}, {3.5, 5.5, 11.5, 13.5}, "avg default strides");
}

TEST(GlobalPools, MeanMaxAndKeepdims) {
  // Channel 0 holds 1,3,5,7 and channel 1 holds 2,4,6,8: means 4 and 5, maxima 7 and 8.
  TensorD x = iota({1, 2, 2, 2});
  expect_values(global_avg_pool2d(x), {1, 2}, {4, 5}, "gap");
  expect_values(global_max_pool2d(x, true), {1, 1, 1, 2}, {7, 8}, "gmp keepdims");
}

TEST(BatchNorm, InferenceUsesMovingStatistics) {
  // gamma 2 * (3 - 1)/sqrt(3 + 1) + beta 0.5 = 2 * 1 + 0.5 = 2.5. Without gamma/beta: 1.
  TensorD x({1, 1}, {3}), g({1}, {2}), b({1}, {0.5}), m({1}, {1}), v({1}, {3});
  expect_values(batch_norm_inference(x, &g, &b, m, v, 1.0), {1, 1}, {2.5}, "bn");
  expect_values(batch_norm_inference(x, nullptr, nullptr, m, v, 1.0), {1, 1}, {1}, "bn no affine");
}

TEST(BatchNorm, TrainingUsesBiasedBatchVarianceEverywhere) {
  // Batch (1, 3): mean 2, biased variance ((1-2)^2 + (3-2)^2)/2 = 1 (unbiased would be 2), eps 0 so
  // xhat = (-1, 1). Moving update with momentum 0.9 from (0, 0): mean 0.1*2 = 0.2, variance 0.1*1 = 0.1.
  TensorD x({2, 1}, {1, 3}), zero({1}, {0});
  BatchNormTrainingResult<double> r = batch_norm_training(x, nullptr, nullptr, zero, zero, 0.0, 0.9);
  expect_values(r.output, {2, 1}, {-1, 1}, "bn train output");
  expect_values(r.batch_variance, {1}, {1}, "bn batch variance");
  expect_values(r.moving_mean, {1}, {0.2}, "bn moving mean");
  expect_values(r.moving_variance, {1}, {0.1}, "bn moving variance");
}

TEST(Activation, KnownValues) {
  // relu6 clips at 6; sigmoid(0) = 1/2; softmax(0, ln 3) = (1, 3)/4.
  expect_values(activation(TensorD({3}, {-1, 3, 7}), Activation::relu6), {3}, {0, 3, 6}, "relu6");
  expect_values(activation(TensorD({2}, {0, -1000}), Activation::sigmoid), {2}, {0.5, 0}, "sigmoid");
  expect_values(activation(TensorD({1, 2}, {0, std::log(3.0)}), Activation::softmax), {1, 2}, {0.25, 0.75}, "softmax");
  // relu's gradient at exactly 0 is 0 (TensorFlow's ReluGrad).
  expect_values(activation_backward(TensorD({2}, {0, 2}), Activation::relu, TensorD::full({2}, 1.0)), {2}, {0, 1},
                "relu'");
}

TEST(Elementwise, RescalingAndDropout) {
  // 255/127.5 - 1 = 1; 0/127.5 - 1 = -1.
  expect_values(rescaling(TensorD({2}, {0, 255}), 1 / 127.5, -1), {2}, {-1, 1}, "rescaling");
  // rate 0.2: kept 4 becomes 4/0.8 = 5, dropped becomes 0.
  expect_values(dropout(TensorD({2}, {4, 4}), TensorD({2}, {1, 0}), 0.2), {2}, {5, 0}, "dropout");
}

TEST(Dense, MatmulBiasOverLastAxis) {
  // (1, 2) . [[1, 2], [3, 4]] = (1+6, 2+8) = (7, 10); + (0.5, -0.5) = (7.5, 9.5).
  TensorD k({2, 2}, {1, 2, 3, 4}), b({2}, {0.5, -0.5});
  expect_values(dense(TensorD({1, 2}, {1, 2}), k, &b, Activation::linear), {1, 2}, {7.5, 9.5}, "dense");
}

TEST(Structural, AddConcatenatePadFlattenReshape) {
  TensorD a({1, 2}, {1, 2}), b({1, 2}, {10, 20}), c({1, 1}, {7});
  expect_values(add(std::vector<TensorD>{a, b, b}), {1, 2}, {21, 42}, "add");
  expect_values(concatenate(std::vector<TensorD>{a, c}), {1, 3}, {1, 2, 7}, "concat last axis");
  expect_values(concatenate(std::vector<TensorD>{a, b}, 0), {2, 2}, {1, 2, 10, 20}, "concat axis 0");
  // Two rows: each output row is that row of the first input followed by that row of the second.
  TensorD rows1({2, 1}, {1, 2}), rows2({2, 2}, {10, 20, 30, 40});
  expect_values(concatenate(std::vector<TensorD>{rows1, rows2}), {2, 3}, {1, 10, 20, 2, 30, 40}, "concat rows");
  // [0,1,0,1] puts x at the top-left of a 2x2 grid: 224 -> 225 in Xception-style stems.
  expect_values(zero_padding2d(TensorD({1, 1, 1, 1}, {5}), {0, 1, 0, 1}), {1, 2, 2, 1}, {5, 0, 0, 0}, "pad");
  EXPECT_EQ(zero_padding2d(TensorD({1, 224, 224, 3}), {0, 1, 0, 1}).shape, (std::vector<int64_t>{1, 225, 225, 3}));
  EXPECT_EQ(flatten(TensorD({2, 5, 5, 8})).shape, (std::vector<int64_t>{2, 200}));
  EXPECT_EQ(reshape(TensorD({2, 200}), {1, 1, -1}).shape, (std::vector<int64_t>{2, 1, 1, 200}));
  EXPECT_THROW(reshape(TensorD({2, 200}), {3, -1}), std::invalid_argument);
}

TEST(Loss, BinaryCrossentropy) {
  // Logit 0 with label 1: log(1 + e^0) = ln 2. Logit 100 with label 0: 100 (stable form, no overflow).
  // Mean of the two: (ln 2 + 100)/2.
  TensorD logits({2, 1}, {0, 100}), labels({2, 1}, {1, 0});
  EXPECT_NEAR(binary_crossentropy(labels, logits, true), (std::log(2.0) + 100) / 2, 1e-12);
  // Weights (1, 3): (ln 2 + 3 * 100)/2, divided by N = 2 not by the weight sum.
  EXPECT_NEAR(binary_crossentropy(labels, logits, true, {1, 3}), (std::log(2.0) + 300) / 2, 1e-12);
  // Probability 0 for label 1 is clipped to 1e-7: -ln(1e-7) = 16.118...; N = 1.
  EXPECT_NEAR(binary_crossentropy(TensorD({1, 1}, {1}), TensorD({1, 1}, {0}), false), -std::log(1e-7), 1e-9);
  // d/dlogit = (sigmoid(0) - 1) / N = -0.5 / 2.
  EXPECT_NEAR(binary_crossentropy_backward(labels, logits, true)[0], -0.25, 1e-12);
}

TEST(Loss, SparseCategoricalCrossentropy) {
  // Logits (0, 0), label 0: ln 2. Probabilities (1, 3), label 1, normalise to 0.75: -ln 0.75.
  EXPECT_NEAR(sparse_categorical_crossentropy({0}, TensorD({1, 2}, {0, 0}), true), std::log(2.0), 1e-12);
  EXPECT_NEAR(sparse_categorical_crossentropy({1}, TensorD({1, 2}, {1, 3}), false), -std::log(0.75), 1e-12);
  // Gradient wrt logits: softmax - onehot = (0.5 - 1, 0.5).
  expect_values(sparse_categorical_crossentropy_backward({0}, TensorD({1, 2}, {0, 0}), true), {1, 2}, {-0.5, 0.5},
                "scce grad");
  // class_weight {1: 4}: labels (0, 1, 2) get (1, 4, 1).
  EXPECT_EQ(class_weight_to_sample_weight({0, 1, 2}, {{1, 4.0}}), (std::vector<double>{1, 4, 1}));
}

TEST(Metrics, Accuracy) {
  // Keras thresholds logits at 0.5: logit 0.3 counts as class 0, so (0.3 | 1) misses; (0.7 | 1) and (-2 | 0) hit.
  TensorD y({3, 1}, {1, 1, 0}), p({3, 1}, {0.3, 0.7, -2});
  EXPECT_DOUBLE_EQ(binary_accuracy(y, p), 2.0 / 3);
  EXPECT_DOUBLE_EQ(binary_accuracy(y, p, 0.0), 1.0);
  // argmax of (1, 1) is the first: label 0 hits, label 1 misses.
  EXPECT_DOUBLE_EQ(sparse_categorical_accuracy({0, 1}, TensorD({2, 2}, {1, 1, 1, 1})), 0.5);
}

TEST(Optimizer, AdamFirstStepsKerasEpsilon) {
  // From zero slots, step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001)/0.1, so
  // dw = alpha m/(sqrt v + eps) = lr g/(|g| + eps/sqrt(0.001)). For g = 1e-8, eps = 1e-7: the denominator is
  // 1e-8 + 3.16227766e-6, so dw = 1e-3 * 1e-8/(3.17227766e-6) = 3.15229e-6 (torch's placement would give
  // lr g/(|g|+eps) = 9.09e-5, 29x larger).
  AdamConfig c;
  for (double g : {0.5, -2.0, 1e-8}) {
    TensorD w({1}, {1.0});
    AdamSlots<double> s;
    adam_step(w, TensorD({1}, {g}), s, 1, c);
    EXPECT_NEAR(w[0], 1.0 - 1e-3 * g / (std::abs(g) + 1e-7 / std::sqrt(1e-3)), 1e-15) << "g " << g;
  }
  // Step 2 with the same g = 0.5: m = 0.19 g, v = 0.001999 g^2, alpha = lr sqrt(1-0.999^2)/(1-0.81)
  // = lr sqrt(0.001999)/0.19, so dw = lr g sqrt(0.001999)/(sqrt(0.001999)|g| + eps).
  TensorD w({1}, {1.0}), grad({1}, {0.5});
  AdamSlots<double> s;
  adam_step(w, grad, s, 1, c);
  double after_one = w[0];
  adam_step(w, grad, s, 2, c);
  double r = std::sqrt(0.001999);
  EXPECT_NEAR(after_one - w[0], 1e-3 * 0.5 * r / (r * 0.5 + 1e-7), 1e-15);
  EXPECT_NEAR(s.m[0], 0.19 * 0.5, 1e-15);
  EXPECT_NEAR(s.v[0], 0.001999 * 0.25, 1e-15);
}

TEST(Optimizer, SgdMomentumAndNesterov) {
  // lr 0.1, momentum 0.9, g = 1 twice. Plain: v = -0.1, w = 0.9; v = -0.09 - 0.1 = -0.19, w = 0.71.
  // Nesterov: v = -0.1, w += 0.9*-0.1 - 0.1 = -0.19 -> 0.81; v = -0.19, w += 0.9*-0.19 - 0.1 = -0.271 -> 0.539.
  // No momentum: w = 1 - 0.1 = 0.9, then 0.8.
  for (auto [momentum, nesterov, w1, w2] :
       {std::tuple{0.9, false, 0.9, 0.71}, std::tuple{0.9, true, 0.81, 0.539}, std::tuple{0.0, false, 0.9, 0.8}}) {
    SgdConfig c{0.1, momentum, nesterov};
    TensorD w({1}, {1.0}), v, g({1}, {1.0});
    sgd_step(w, g, v, c);
    EXPECT_NEAR(w[0], w1, 1e-15);
    sgd_step(w, g, v, c);
    EXPECT_NEAR(w[0], w2, 1e-15);
  }
}

TEST(Tensor, ChecksShapes) {
  EXPECT_THROW(TensorD({2, 2}, std::vector<double>{1, 2, 3}), std::invalid_argument);
  EXPECT_THROW(conv2d(TensorD({1, 3, 3, 2}), TensorD({3, 3, 1, 1}), nullptr, {}), std::invalid_argument);
  EXPECT_THROW(iota({2, 2}).at({2, 0}), std::invalid_argument);
  EXPECT_EQ(iota({2, 3}).at({1, 2}), 6.0);
}

} // namespace
} // namespace xcc::ref::testing
