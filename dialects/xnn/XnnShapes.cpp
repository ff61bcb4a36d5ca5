// Shape inference for every layer op. This is also where shapes are verified: a parsed op whose declared
// result type differs from the inferred one is rejected by InferTypeOpInterface, and a failure here is reported
// at the op's location with the layer's name and the reason.
#include "xnn/Xnn.h"

#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace xnn;

namespace {

constexpr int64_t kDyn = ShapedType::kDynamic;

/// Collects the error context (location, op mnemonic, layer name) so each check is one line.
class ShapeCheck {
public:
  ShapeCheck(std::optional<Location> loc, StringRef mnemonic, StringRef layer)
      : loc(loc), mnemonic(mnemonic), layer(layer) {}

  LogicalResult fail(const Twine &reason) const {
    return emitOptionalError(loc, "layer '", layer, "' (xnn.", mnemonic, "): ", reason);
  }

  /// The tensor's shape if it has `rank` dimensions (or at least `rank` when `atLeast`).
  FailureOr<ArrayRef<int64_t>> shapeOf(Value v, StringRef what, int64_t rank, bool atLeast = false) const {
    auto type = cast<RankedTensorType>(v.getType());
    if (atLeast ? type.getRank() < rank : type.getRank() != rank)
      return fail(Twine(what) + " must have " + (atLeast ? "at least " : "") + Twine(rank) +
                  " dimensions, got " + Twine(type.getRank()));
    for (int64_t i = 1; i < type.getRank(); ++i)
      if (type.getDimSize(i) == kDyn)
        return fail(Twine(what) + " must have static non-batch dimensions");
    return type.getShape();
  }

  /// A parameter tensor must be fully static and match `expected` exactly.
  LogicalResult expectShape(Value v, StringRef what, ArrayRef<int64_t> expected) const {
    auto shape = cast<RankedTensorType>(v.getType()).getShape();
    if (shape == expected)
      return success();
    return fail(Twine(what) + " has shape " + format(shape) + ", expected " + format(expected));
  }

  LogicalResult expectPair(ArrayRef<int64_t> values, StringRef what, int64_t min) const {
    if (values.size() != 2 || values[0] < min || values[1] < min)
      return fail(Twine(what) + " must be two integers >= " + Twine(min));
    return success();
  }

  static std::string format(ArrayRef<int64_t> shape) {
    std::string s = "[";
    for (auto [i, d] : llvm::enumerate(shape))
      s += (i ? ", " : "") + (d == kDyn ? std::string("?") : std::to_string(d));
    return s + "]";
  }

private:
  std::optional<Location> loc;
  StringRef mnemonic, layer;
};

Type f32Tensor(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

/// One spatial output size, with TensorFlow's rule: 'valid' keeps full windows, 'same' gives ceil(in/stride).
FailureOr<int64_t> windowedSize(const ShapeCheck &check, int64_t in, int64_t kernel, int64_t stride,
                                int64_t dilation, Padding padding) {
  int64_t extent = (kernel - 1) * dilation + 1;
  if (padding == Padding::same)
    return (in + stride - 1) / stride;
  if (in < extent)
    return check.fail("window of " + Twine(extent) + " does not fit the input size " + Twine(in) +
                      " with 'valid' padding");
  return (in - extent) / stride + 1;
}

/// NHWC output shape of a windowed op over `in` with a kh x kw window.
FailureOr<SmallVector<int64_t>> windowedShape(const ShapeCheck &check, ArrayRef<int64_t> in, int64_t kh,
                                              int64_t kw, ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> dilation, Padding padding,
                                              int64_t channels) {
  if (failed(check.expectPair(strides, "strides", 1)) || failed(check.expectPair(dilation, "dilation_rate", 1)))
    return failure();
  if ((strides[0] > 1 || strides[1] > 1) && (dilation[0] > 1 || dilation[1] > 1))
    return check.fail("strides > 1 and dilation_rate > 1 cannot be combined (Keras forbids it)");
  auto h = windowedSize(check, in[1], kh, strides[0], dilation[0], padding);
  auto w = windowedSize(check, in[2], kw, strides[1], dilation[1], padding);
  if (failed(h) || failed(w))
    return failure();
  return SmallVector<int64_t>{in[0], *h, *w, channels};
}

LogicalResult checkBias(const ShapeCheck &check, Value bias, int64_t channels) {
  return bias ? check.expectShape(bias, "bias", {channels}) : success();
}

/// Result type equal to the operand type: elementwise layers.
LogicalResult sameAsInput(Value input, SmallVectorImpl<Type> &types) {
  types.push_back(input.getType());
  return success();
}

} // namespace

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "conv2d", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 4);
  auto k = check.shapeOf(op.getKernel(), "kernel", 4);
  if (failed(in) || failed(k))
    return failure();
  if ((*k)[2] != (*in)[3])
    return check.fail("kernel expects " + Twine((*k)[2]) + " input channels, the input has " + Twine((*in)[3]));
  if (failed(checkBias(check, op.getBias(), (*k)[3])))
    return failure();
  auto out = windowedShape(check, *in, (*k)[0], (*k)[1], op.getStrides(), op.getDilationRate(),
                           op.getPadding(), (*k)[3]);
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult DepthwiseConv2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                                  SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "depthwise_conv2d", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 4);
  auto k = check.shapeOf(op.getDepthwiseKernel(), "depthwise_kernel", 4);
  if (failed(in) || failed(k))
    return failure();
  if ((*k)[2] != (*in)[3])
    return check.fail("depthwise_kernel expects " + Twine((*k)[2]) + " channels, the input has " +
                      Twine((*in)[3]));
  int64_t channels = (*k)[2] * (*k)[3];
  if (failed(checkBias(check, op.getBias(), channels)))
    return failure();
  auto out = windowedShape(check, *in, (*k)[0], (*k)[1], op.getStrides(), op.getDilationRate(),
                           op.getPadding(), channels);
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult SeparableConv2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                                  SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "separable_conv2d", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 4);
  auto dw = check.shapeOf(op.getDepthwiseKernel(), "depthwise_kernel", 4);
  auto pw = check.shapeOf(op.getPointwiseKernel(), "pointwise_kernel", 4);
  if (failed(in) || failed(dw) || failed(pw))
    return failure();
  if ((*dw)[2] != (*in)[3])
    return check.fail("depthwise_kernel expects " + Twine((*dw)[2]) + " channels, the input has " +
                      Twine((*in)[3]));
  int64_t mid = (*dw)[2] * (*dw)[3], cout = (*pw)[3];
  if (failed(check.expectShape(op.getPointwiseKernel(), "pointwise_kernel", {1, 1, mid, cout})) ||
      failed(checkBias(check, op.getBias(), cout)))
    return failure();
  auto out = windowedShape(check, *in, (*dw)[0], (*dw)[1], op.getStrides(), op.getDilationRate(),
                           op.getPadding(), cout);
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc, Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "batch_norm", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 2, /*atLeast=*/true);
  if (failed(in))
    return failure();
  int64_t c = in->back();
  for (auto [value, what] : {std::pair{op.getGamma(), "gamma"}, {op.getBeta(), "beta"},
                             {op.getMovingMean(), "moving_mean"}, {op.getMovingVariance(), "moving_variance"}})
    if (value && failed(check.expectShape(value, what, {c})))
      return failure();
  if (!(op.getEpsilon().convertToDouble() > 0))
    return check.fail("epsilon must be > 0");
  return sameAsInput(op.getInput(), types);
}

LogicalResult RescalingOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  return sameAsInput(op.getInput(), types);
}

LogicalResult ActivationOp::inferReturnTypes(MLIRContext *, std::optional<Location>, Adaptor op,
                                             SmallVectorImpl<Type> &types) {
  return sameAsInput(op.getInput(), types);
}

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc, Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  double rate = op.getRate().convertToDouble();
  if (!(rate >= 0 && rate < 1))
    return ShapeCheck(loc, "dropout", op.getLayer()).fail("rate must lie in [0, 1), got " + std::to_string(rate));
  return sameAsInput(op.getInput(), types);
}

template <typename PoolAdaptor>
static LogicalResult inferPool(MLIRContext *ctx, const ShapeCheck &check, PoolAdaptor op,
                               SmallVectorImpl<Type> &types) {
  auto in = check.shapeOf(op.getInput(), "input", 4);
  if (failed(in) || failed(check.expectPair(op.getPoolSize(), "pool_size", 1)))
    return failure();
  ArrayRef<int64_t> strides = op.getStrides() ? *op.getStrides() : op.getPoolSize();
  int64_t one[] = {1, 1};
  auto out = windowedShape(check, *in, op.getPoolSize()[0], op.getPoolSize()[1], strides, one, op.getPadding(),
                           (*in)[3]);
  if (failed(out))
    return failure();
  types.push_back(f32Tensor(ctx, *out));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(ctx, ShapeCheck(loc, "max_pool2d", op.getLayer()), op, types);
}

LogicalResult AvgPool2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(ctx, ShapeCheck(loc, "avg_pool2d", op.getLayer()), op, types);
}

template <typename GlobalPoolAdaptor>
static LogicalResult inferGlobalPool(MLIRContext *ctx, const ShapeCheck &check, GlobalPoolAdaptor op,
                                     SmallVectorImpl<Type> &types) {
  auto in = check.shapeOf(op.getInput(), "input", 4);
  if (failed(in))
    return failure();
  if (op.getKeepdims())
    types.push_back(f32Tensor(ctx, {(*in)[0], 1, 1, (*in)[3]}));
  else
    types.push_back(f32Tensor(ctx, {(*in)[0], (*in)[3]}));
  return success();
}

LogicalResult GlobalAvgPool2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                                  SmallVectorImpl<Type> &types) {
  return inferGlobalPool(ctx, ShapeCheck(loc, "global_avg_pool2d", op.getLayer()), op, types);
}

LogicalResult GlobalMaxPool2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                                  SmallVectorImpl<Type> &types) {
  return inferGlobalPool(ctx, ShapeCheck(loc, "global_max_pool2d", op.getLayer()), op, types);
}

LogicalResult AddOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc, Adaptor op,
                                      SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "add", op.getLayer());
  if (op.getInputs().size() < 2)
    return check.fail("needs at least 2 inputs, got " + Twine(op.getInputs().size()));
  Type first = op.getInputs().front().getType();
  for (auto [i, v] : llvm::enumerate(op.getInputs()))
    if (v.getType() != first)
      return check.fail("input " + Twine(i) + " has shape " +
                        ShapeCheck::format(cast<RankedTensorType>(v.getType()).getShape()) +
                        ", input 0 has " + ShapeCheck::format(cast<RankedTensorType>(first).getShape()));
  types.push_back(first);
  return success();
}

LogicalResult ConcatenateOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                              SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "concatenate", op.getLayer());
  if (op.getInputs().size() < 2)
    return check.fail("needs at least 2 inputs, got " + Twine(op.getInputs().size()));
  SmallVector<int64_t> out(cast<RankedTensorType>(op.getInputs().front().getType()).getShape());
  // I64Attr reads back unsigned; the Keras axis is signed (-1 = channels).
  int64_t rank = out.size(), given = static_cast<int64_t>(op.getAxis());
  int64_t axis = given < 0 ? given + rank : given;
  if (axis <= 0 || axis >= rank)
    return check.fail("axis " + Twine(given) + " must name a non-batch axis of a rank-" + Twine(rank) +
                      " input");
  out[axis] = 0;
  for (auto [i, v] : llvm::enumerate(op.getInputs())) {
    auto shape = check.shapeOf(v, "input " + std::to_string(i), rank);
    if (failed(shape))
      return failure();
    for (int64_t d = 1; d < rank; ++d)
      if (d != axis && (*shape)[d] != out[d])
        return check.fail("input " + Twine(i) + " has shape " + ShapeCheck::format(*shape) +
                          ", which differs from input 0 outside axis " + Twine(axis));
    out[axis] += (*shape)[axis];
  }
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult ZeroPadding2DOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                                SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "zero_padding2d", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 4);
  if (failed(in))
    return failure();
  ArrayRef<int64_t> p = op.getPadding();
  if (p.size() != 4 || llvm::any_of(p, [](int64_t v) { return v < 0; }))
    return check.fail("padding must be four integers >= 0: [top, bottom, left, right]");
  types.push_back(f32Tensor(ctx, {(*in)[0], (*in)[1] + p[0] + p[1], (*in)[2] + p[2] + p[3], (*in)[3]}));
  return success();
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "flatten", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 2, /*atLeast=*/true);
  if (failed(in))
    return failure();
  int64_t n = 1;
  for (int64_t d : in->drop_front())
    n *= d;
  types.push_back(f32Tensor(ctx, {(*in)[0], n}));
  return success();
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "reshape", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 1, /*atLeast=*/true);
  if (failed(in))
    return failure();
  int64_t total = 1, known = 1, unknownAt = -1;
  for (int64_t d : in->drop_front())
    total *= d;
  SmallVector<int64_t> out{(*in)[0]};
  for (auto [i, d] : llvm::enumerate(op.getTargetShape())) {
    if (d == -1 && unknownAt < 0)
      unknownAt = out.size();
    else if (d <= 0)
      return check.fail("target_shape entries must be > 0, with at most one -1");
    else
      known *= d;
    out.push_back(d);
  }
  if (unknownAt >= 0 && total % known == 0)
    out[unknownAt] = total / known;
  else if (unknownAt >= 0 || known != total)
    return check.fail("cannot reshape " + Twine(total) + " elements per sample into target_shape " +
                      ShapeCheck::format(op.getTargetShape()));
  types.push_back(f32Tensor(ctx, out));
  return success();
}

LogicalResult DenseOp::inferReturnTypes(MLIRContext *ctx, std::optional<Location> loc, Adaptor op,
                                        SmallVectorImpl<Type> &types) {
  ShapeCheck check(loc, "dense", op.getLayer());
  auto in = check.shapeOf(op.getInput(), "input", 2, /*atLeast=*/true);
  auto k = check.shapeOf(op.getKernel(), "kernel", 2);
  if (failed(in) || failed(k))
    return failure();
  if ((*k)[0] != in->back())
    return check.fail("kernel expects " + Twine((*k)[0]) + " input features, the input has " +
                      Twine(in->back()));
  if (failed(checkBias(check, op.getBias(), (*k)[1])))
    return failure();
  SmallVector<int64_t> out(*in);
  out.back() = (*k)[1];
  types.push_back(f32Tensor(ctx, out));
  return success();
}
