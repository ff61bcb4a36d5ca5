#include "Import/KerasLayers.h"
#include "Import/KerasConfig.h"
#include "xnn/LayerCalls.h"

#include <functional>
#include <map>

using namespace mlir;
using namespace xnn;
using nlohmann::json;

namespace xcc {
namespace {

/// What one layer's emitter sees.
struct LayerEmit {
  ModelBuilder &mb;
  const KerasLayer &layer;
  int node; ///< which call of the layer
  const json &c;
  ValueRange in;
  bool paramsFromFile;
  LayerParams &params;

  OpBuilder &b() { return mb.builder(); }
  Value x() { return in.front(); }
  int64_t cin() { return channelsOf(x()); }

  /// An earlier call's parameter as it is: if this call's input does not fit it, the op's shape inference says so.
  Value param(StringRef weight, ArrayRef<int64_t> shape, bool nonTrainable = false) {
    Value &slot = params[{layer.name, weight.str()}];
    if (!slot) {
      mb.setParamSource(paramsFromFile ? ParamSource::WeightsFile : ParamSource::Initializer);
      slot = mb.param(layer.name, weight, shape, initializerFor(c, weight.str()), nonTrainable);
    }
    return slot;
  }
  Value bias(int64_t n) { return c.value("use_bias", true) ? param("bias", {n}) : Value(); }
  Activation act() { return *parseActivation(c.value("activation", json("linear"))); }

  /// Builds with a placeholder result type and then infers it, so that a layer that does not fit its input
  /// becomes a diagnostic instead of the typed builder's fatal error.
  template <typename OpT, typename... Args> FailureOr<Value> make(Args &&...args) {
    auto op = b().create<OpT>(mb.location(), RankedTensorType::get({}, b().getF32Type()),
                              layerCallName(layer.name, node), layer.trainable(), std::forward<Args>(args)...);
    if (node != 0)
      op->setAttr(kCallOfAttr, b().getStringAttr(layer.name));
    SmallVector<Type> types;
    if (failed(OpT::inferReturnTypes(b().getContext(), op.getLoc(), op->getOperands(), op->getAttrDictionary(),
                                     op->getPropertiesStorage(), op->getRegions(), types))) {
      op->erase();
      return failure();
    }
    op->getResult(0).setType(types.front());
    return op->getResult(0);
  }
};

using Emitter = std::function<FailureOr<Value>(LayerEmit &)>;

FailureOr<Value> conv2d(LayerEmit &e) {
  auto k = pairOf(e.c, "kernel_size", 1);
  int64_t filters = e.c.at("filters").get<int64_t>();
  Value kernel = e.param("kernel", {k[0], k[1], e.cin(), filters});
  return e.make<Conv2DOp>(e.x(), kernel, e.bias(filters), pairOf(e.c, "strides", 1), pairOf(e.c, "dilation_rate", 1),
                          parsePadding(e.c), e.act());
}

FailureOr<Value> depthwiseConv2d(LayerEmit &e) {
  auto k = pairOf(e.c, "kernel_size", 1);
  int64_t m = e.c.value("depth_multiplier", 1);
  Value kernel = e.param("depthwise_kernel", {k[0], k[1], e.cin(), m});
  return e.make<DepthwiseConv2DOp>(e.x(), kernel, e.bias(e.cin() * m), pairOf(e.c, "strides", 1),
                                   pairOf(e.c, "dilation_rate", 1), parsePadding(e.c), e.act());
}

FailureOr<Value> separableConv2d(LayerEmit &e) {
  auto k = pairOf(e.c, "kernel_size", 1);
  int64_t m = e.c.value("depth_multiplier", 1), filters = e.c.at("filters").get<int64_t>();
  Value dw = e.param("depthwise_kernel", {k[0], k[1], e.cin(), m});
  Value pw = e.param("pointwise_kernel", {1, 1, e.cin() * m, filters});
  return e.make<SeparableConv2DOp>(e.x(), dw, pw, e.bias(filters), pairOf(e.c, "strides", 1),
                                   pairOf(e.c, "dilation_rate", 1), parsePadding(e.c), e.act());
}

FailureOr<Value> batchNorm(LayerEmit &e) {
  int64_t ch = e.cin();
  // Keras builds no gamma (beta) at all with scale=False (center=False), so the file has none either.
  Value gamma = e.c.value("scale", true) ? e.param("gamma", {ch}) : Value();
  Value beta = e.c.value("center", true) ? e.param("beta", {ch}) : Value();
  Value mean = e.param("moving_mean", {ch}, /*nonTrainable=*/true);
  Value var = e.param("moving_variance", {ch}, /*nonTrainable=*/true);
  return e.make<BatchNormOp>(e.x(), gamma, beta, mean, var, APFloat(e.c.value("epsilon", 1e-3)),
                             APFloat(e.c.value("momentum", 0.99)), BoolAttr());
}

FailureOr<Value> activation(LayerEmit &e) {
  bool isReLU = e.layer.className == "ReLU";
  Activation kind = isReLU ? *reluKind(e.c) : e.act();
  return e.make<ActivationOp>(e.x(), kind, isReLU ? e.b().getStringAttr("ReLU") : StringAttr());
}

template <typename PoolOp> FailureOr<Value> pool2d(LayerEmit &e) {
  auto pool = pairOf(e.c, "pool_size", 2);
  DenseI64ArrayAttr strides;
  if (e.c.contains("strides") && !e.c["strides"].is_null())
    strides = e.b().getDenseI64ArrayAttr(pairOf(e.c, "strides", 1));
  return e.make<PoolOp>(e.x(), pool, strides, parsePadding(e.c));
}

template <typename PoolOp> FailureOr<Value> globalPool(LayerEmit &e) {
  return e.make<PoolOp>(e.x(), e.c.value("keepdims", false));
}

FailureOr<Value> dense(LayerEmit &e) {
  int64_t units = e.c.at("units").get<int64_t>();
  Value kernel = e.param("kernel", {e.cin(), units});
  return e.make<DenseOp>(e.x(), kernel, e.bias(units), e.act());
}

FailureOr<Value> dropout(LayerEmit &e) {
  IntegerAttr seed;
  if (e.c.contains("seed") && e.c["seed"].is_number_integer())
    seed = e.b().getI64IntegerAttr(e.c["seed"].get<int64_t>());
  return e.make<DropoutOp>(e.x(), APFloat(e.c.value("rate", 0.5)), seed, BoolAttr());
}

FailureOr<Value> rescaling(LayerEmit &e) {
  return e.make<RescalingOp>(e.x(), APFloat(e.c.at("scale").get<double>()), APFloat(e.c.value("offset", 0.0)));
}

const std::map<std::string, Emitter> &emitters() {
  static const std::map<std::string, Emitter> table = {
      {"Conv2D", conv2d},
      {"DepthwiseConv2D", depthwiseConv2d},
      {"SeparableConv2D", separableConv2d},
      {"BatchNormalization", batchNorm},
      {"Activation", activation},
      {"ReLU", activation},
      {"MaxPooling2D", pool2d<MaxPool2DOp>},
      {"AveragePooling2D", pool2d<AvgPool2DOp>},
      {"GlobalAveragePooling2D", globalPool<GlobalAvgPool2DOp>},
      {"GlobalMaxPooling2D", globalPool<GlobalMaxPool2DOp>},
      {"Add", [](LayerEmit &e) { return e.make<AddOp>(e.in); }},
      {"Concatenate", [](LayerEmit &e) { return e.make<ConcatenateOp>(e.in, e.c.value("axis", int64_t(-1))); }},
      {"ZeroPadding2D", [](LayerEmit &e) { return e.make<ZeroPadding2DOp>(e.x(), zeroPadding(e.c)); }},
      {"Flatten", [](LayerEmit &e) { return e.make<FlattenOp>(e.x()); }},
      {"Reshape",
       [](LayerEmit &e) { return e.make<ReshapeOp>(e.x(), e.c.at("target_shape").get<std::vector<int64_t>>()); }},
      {"Dropout", dropout},
      {"Dense", dense},
      {"Rescaling", rescaling},
  };
  return table;
}

/// How many tensors each class takes; merge layers take two or more.
bool arityFits(const KerasLayer &layer, const LayerCall &call) {
  bool merge = layer.className == "Add" || layer.className == "Concatenate";
  return merge ? call.inputs.size() >= 2 : call.inputs.size() == 1;
}

} // namespace

std::string unsupportedReason(const KerasLayer &layer) {
  if (!emitters().count(layer.className))
    return "class '" + layer.className + "' is not supported";
  for (const LayerCall &call : layer.calls)
    if (!arityFits(layer, call))
      return "it takes " + std::to_string(call.inputs.size()) + " input tensors" +
             (layer.calls.size() > 1 ? " in call " + std::to_string(call.node) : "");
  return unsupportedConfig(layer.className, layer.config);
}

FailureOr<Value> emitLayerCall(ModelBuilder &mb, const KerasLayer &layer, int node, ValueRange inputs,
                               bool paramsFromFile, LayerParams &params) {
  LayerEmit e{mb, layer, node, layer.config, inputs, paramsFromFile, params};
  return emitters().at(layer.className)(e);
}

} // namespace xcc
