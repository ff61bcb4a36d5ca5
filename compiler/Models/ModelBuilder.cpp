#include "Models/ModelBuilder.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

int64_t channelsOf(Value x) { return cast<RankedTensorType>(x.getType()).getShape().back(); }

Value ModelBuilder::param(StringRef layer, StringRef weight, ArrayRef<int64_t> shape, InitializerKind init,
                          bool nonTrainable) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  auto op = b.create<ParamOp>(loc, type, layer, weight, /*init=*/Attribute(), nonTrainable);
  if (source == ParamSource::Initializer)
    op.setInitAttr(InitializerAttr::get(b.getContext(), init, std::nullopt));
  return op;
}

Value ModelBuilder::input(StringRef name, ArrayRef<int64_t> shapeWithoutBatch) {
  SmallVector<int64_t> shape{ShapedType::kDynamic};
  shape.append(shapeWithoutBatch.begin(), shapeWithoutBatch.end());
  return b.create<InputOp>(loc, RankedTensorType::get(shape, b.getF32Type()), name);
}

// The typed ODS builders set every attribute, defaults included, before shape inference runs.

Value ModelBuilder::rescaling(StringRef name, Value x, double scale, double offset) {
  return b.create<RescalingOp>(loc, name, /*trainable=*/true, x, APFloat(scale), APFloat(offset));
}

Value ModelBuilder::conv2d(StringRef name, Value x, int64_t filters, int64_t kernel, int64_t stride,
                           Padding padding, bool useBias) {
  Value k = param(name, "kernel", {kernel, kernel, channelsOf(x), filters}, InitializerKind::glorot_uniform);
  Value bias = useBias ? param(name, "bias", {filters}, InitializerKind::zeros) : Value();
  int64_t strides[] = {stride, stride}, dilation[] = {1, 1};
  return b.create<Conv2DOp>(loc, name, /*trainable=*/true, x, k, bias, strides, dilation, padding,
                            Activation::linear);
}

Value ModelBuilder::separableConv2d(StringRef name, Value x, int64_t filters, int64_t kernel, Padding padding,
                                    bool useBias) {
  int64_t cin = channelsOf(x);
  Value dw = param(name, "depthwise_kernel", {kernel, kernel, cin, 1}, InitializerKind::glorot_uniform);
  Value pw = param(name, "pointwise_kernel", {1, 1, cin, filters}, InitializerKind::glorot_uniform);
  Value bias = useBias ? param(name, "bias", {filters}, InitializerKind::zeros) : Value();
  int64_t ones[] = {1, 1};
  return b.create<SeparableConv2DOp>(loc, name, /*trainable=*/true, x, dw, pw, bias, ones, ones, padding,
                                     Activation::linear);
}

Value ModelBuilder::batchNorm(StringRef name, Value x, double epsilon) {
  int64_t c = channelsOf(x);
  Value gamma = param(name, "gamma", {c}, InitializerKind::ones);
  Value beta = param(name, "beta", {c}, InitializerKind::zeros);
  Value mean = param(name, "moving_mean", {c}, InitializerKind::zeros, /*nonTrainable=*/true);
  Value var = param(name, "moving_variance", {c}, InitializerKind::ones, /*nonTrainable=*/true);
  return b.create<BatchNormOp>(loc, name, /*trainable=*/true, x, gamma, beta, mean, var, APFloat(epsilon),
                               APFloat(0.99), /*training=*/BoolAttr());
}

Value ModelBuilder::activation(StringRef name, Value x, Activation kind) {
  return b.create<ActivationOp>(loc, name, /*trainable=*/true, x, kind, /*class_name=*/StringAttr());
}

Value ModelBuilder::maxPool2d(StringRef name, Value x, int64_t pool, int64_t stride, Padding padding) {
  int64_t poolSize[] = {pool, pool};
  return b.create<MaxPool2DOp>(loc, name, /*trainable=*/true, x, poolSize,
                               b.getDenseI64ArrayAttr({stride, stride}), padding);
}

Value ModelBuilder::add(StringRef name, ValueRange xs) {
  return b.create<AddOp>(loc, name, /*trainable=*/true, xs);
}

Value ModelBuilder::globalAvgPool2d(StringRef name, Value x) {
  return b.create<GlobalAvgPool2DOp>(loc, name, /*trainable=*/true, x, /*keepdims=*/false);
}

Value ModelBuilder::dropout(StringRef name, Value x, double rate) {
  return b.create<DropoutOp>(loc, name, /*trainable=*/true, x, APFloat(rate), /*seed=*/IntegerAttr(),
                             /*training=*/BoolAttr());
}

Value ModelBuilder::dense(StringRef name, Value x, int64_t units, bool useBias) {
  Value k = param(name, "kernel", {channelsOf(x), units}, InitializerKind::glorot_uniform);
  Value bias = useBias ? param(name, "bias", {units}, InitializerKind::zeros) : Value();
  return b.create<DenseOp>(loc, name, /*trainable=*/true, x, k, bias, Activation::linear);
}

} // namespace xcc
