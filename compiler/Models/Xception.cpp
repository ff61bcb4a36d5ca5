// Xception as in keras/src/applications/xception.py (include_top=False), wrapped by the guide's head.
#include "Models/Xception.h"
#include "Models/ModelBuilder.h"
#include "Models/TransferPhases.h"

#include <string>

using namespace mlir;
using namespace xnn;

namespace xcc {
namespace {

constexpr double kBatchNormEpsilon = 1e-3; // Xception's BatchNormalization epsilon

/// Keras 3 names unnamed layers `<kind>`, `<kind>_1`, ... in creation order.
class AutoNamer {
public:
  std::string next(StringRef kind) {
    int n = counts[kind]++;
    return n == 0 ? kind.str() : (kind + "_" + Twine(n)).str();
  }

private:
  llvm::StringMap<int> counts;
};

struct XceptionBase {
  ModelBuilder &mb;
  AutoNamer names;

  Value sepConvBn(const std::string &prefix, Value x, int64_t filters) {
    x = mb.separableConv2d(prefix, x, filters, 3, Padding::same, /*useBias=*/false);
    return mb.batchNorm(prefix + "_bn", x, kBatchNormEpsilon);
  }

  /// Entry/exit-flow block: strided 1x1 residual + two separable convs + max-pool.
  Value downsampleBlock(int block, Value x, int64_t filters1, int64_t filters2, bool leadingRelu) {
    std::string p = "block" + std::to_string(block);
    Value residual = mb.conv2d(names.next("conv2d"), x, filters2, 1, 2, Padding::same, /*useBias=*/false);
    residual = mb.batchNorm(names.next("batch_normalization"), residual, kBatchNormEpsilon);
    if (leadingRelu)
      x = mb.activation(p + "_sepconv1_act", x, Activation::relu);
    x = sepConvBn(p + "_sepconv1", x, filters1);
    x = mb.activation(p + "_sepconv2_act", x, Activation::relu);
    x = sepConvBn(p + "_sepconv2", x, filters2);
    x = mb.maxPool2d(p + "_pool", x, 3, 2, Padding::same);
    return mb.add(names.next("add"), {x, residual});
  }

  /// Middle-flow block: three relu + separable conv + BN, identity residual.
  Value middleBlock(int block, Value x) {
    std::string p = "block" + std::to_string(block);
    Value residual = x;
    for (int i = 1; i <= 3; ++i) {
      std::string conv = p + "_sepconv" + std::to_string(i);
      x = mb.activation(conv + "_act", x, Activation::relu);
      x = sepConvBn(conv, x, 728);
    }
    return mb.add(names.next("add"), {x, residual});
  }

  Value build(Value x) {
    x = mb.conv2d("block1_conv1", x, 32, 3, 2, Padding::valid, /*useBias=*/false);
    x = mb.batchNorm("block1_conv1_bn", x, kBatchNormEpsilon);
    x = mb.activation("block1_conv1_act", x, Activation::relu);
    x = mb.conv2d("block1_conv2", x, 64, 3, 1, Padding::valid, /*useBias=*/false);
    x = mb.batchNorm("block1_conv2_bn", x, kBatchNormEpsilon);
    x = mb.activation("block1_conv2_act", x, Activation::relu);
    x = downsampleBlock(2, x, 128, 128, /*leadingRelu=*/false);
    x = downsampleBlock(3, x, 256, 256, /*leadingRelu=*/true);
    x = downsampleBlock(4, x, 728, 728, /*leadingRelu=*/true);
    for (int block = 5; block <= 12; ++block)
      x = middleBlock(block, x);
    x = downsampleBlock(13, x, 728, 1024, /*leadingRelu=*/true);
    x = sepConvBn("block14_sepconv1", x, 1536);
    x = mb.activation("block14_sepconv1_act", x, Activation::relu);
    x = sepConvBn("block14_sepconv2", x, 2048);
    return mb.activation("block14_sepconv2_act", x, Activation::relu);
  }
};

} // namespace

OwningOpRef<ModuleOp> buildXceptionTransfer(MLIRContext &ctx, const TransferOptions &o) {
  ctx.loadDialect<XnnDialect>();
  Location loc = UnknownLoc::get(&ctx);
  OpBuilder b(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto model = b.create<ModelOp>(loc, "xception_transfer");
  b.setInsertionPointToEnd(&model.getBody().emplaceBlock());

  ModelBuilder mb(b, loc);
  Value inputs = mb.input("input_layer_1", {o.imageSize, o.imageSize, 3});
  Value x = mb.rescaling("rescaling", inputs, 1.0 / 127.5, -1.0);

  // base_model(x, training=False): BatchNormalization stays in inference mode even once unfrozen.
  auto base = b.create<SubmodelOp>(loc, TypeRange{UnrankedTensorType::get(b.getF32Type())}, "xception",
                                   /*trainable=*/true, b.getBoolAttr(false), ValueRange{x});
  Block &body = base.getBody().emplaceBlock();
  Value baseInput = body.addArgument(x.getType(), loc);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(&body);
    XceptionBase xception{mb, {}};
    Value features = xception.build(baseInput);
    b.create<YieldOp>(loc, ValueRange{features});
    base.getResult(0).setType(features.getType());
  }

  mb.setParamSource(ParamSource::Initializer);
  x = mb.globalAvgPool2d("global_average_pooling2d", base.getResult(0));
  x = mb.dropout("dropout", x, o.dropout);
  Value logits = mb.dense("dense", x, o.classes, /*useBias=*/true);
  b.create<OutputOp>(loc, ValueRange{logits});
  addTransferPhases(b, loc, "xception", {o.classes, o.headLearningRate, o.fineTuneLearningRate});
  return module;
}

} // namespace xcc
