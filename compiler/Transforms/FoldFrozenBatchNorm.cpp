//===- FoldFrozenBatchNorm.cpp - BN into the frozen conv before it --------===//
//
// Inference-mode BN is a per-channel affine map y = x·s + t with s = γ/√(var+ε), t = β − mean·s. Behind a
// convolution with constant weights it folds exactly: kernel W·s (per output channel), bias b·s + t.
// Legal only when every value involved is a constant (so nothing trainable is rewritten), the convolution has no
// activation between it and the BN, and the BN is the convolution's only user.
//
//===----------------------------------------------------------------------===//
#include "Transforms/ConstantUtils.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include <cmath>

namespace xcc {
#define GEN_PASS_DEF_FOLDFROZENBATCHNORM
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

/// s and t of an inference-mode BN whose statistics and affine parameters are all constants.
struct ChannelAffine {
  std::vector<double> scale, shift;
};

std::optional<ChannelAffine> frozenAffine(BatchNormOp bn) {
  if (bn.getTraining().value_or(true))
    return std::nullopt;
  auto mean = xcc::constantValues(bn.getMovingMean());
  auto var = xcc::constantValues(bn.getMovingVariance());
  if (!mean || !var)
    return std::nullopt;
  size_t c = mean->size();
  auto gamma = bn.getGamma() ? xcc::constantValues(bn.getGamma()) : std::vector<double>(c, 1.0);
  auto beta = bn.getBeta() ? xcc::constantValues(bn.getBeta()) : std::vector<double>(c, 0.0);
  if (!gamma || !beta)
    return std::nullopt;
  double eps = bn.getEpsilon().convertToDouble();
  ChannelAffine a{std::vector<double>(c), std::vector<double>(c)};
  for (size_t i = 0; i < c; ++i) {
    a.scale[i] = (*gamma)[i] / std::sqrt((*var)[i] + eps);
    a.shift[i] = (*beta)[i] - (*mean)[i] * a.scale[i];
  }
  return a;
}

/// Which kernel operand carries the output channels, and its values scaled per output channel (the last axis).
struct FoldTarget {
  OpOperand *kernel;
  OpOperand *bias; // may be null: the conv gets a bias
  int64_t biasOperandIndex;
};

std::optional<FoldTarget> foldTarget(Operation *conv) {
  auto linear = [](Activation a) { return a == Activation::linear; };
  if (auto op = dyn_cast<Conv2DOp>(conv); op && linear(op.getActivation()))
    return FoldTarget{&op.getKernelMutable(), op.getBias() ? &op->getOpOperand(2) : nullptr, 2};
  if (auto op = dyn_cast<DepthwiseConv2DOp>(conv); op && linear(op.getActivation()))
    return FoldTarget{&op.getDepthwiseKernelMutable(), op.getBias() ? &op->getOpOperand(2) : nullptr, 2};
  if (auto op = dyn_cast<SeparableConv2DOp>(conv); op && linear(op.getActivation()))
    return FoldTarget{&op.getPointwiseKernelMutable(), op.getBias() ? &op->getOpOperand(3) : nullptr, 3};
  return std::nullopt;
}

LogicalResult foldInto(BatchNormOp bn) {
  Operation *conv = bn.getInput().getDefiningOp();
  if (!conv || !conv->hasOneUse())
    return failure();
  auto target = foldTarget(conv);
  auto affine = frozenAffine(bn);
  if (!target || !affine)
    return failure();
  Value kernelValue = target->kernel->get();
  auto kernel = xcc::constantValues(kernelValue);
  size_t c = affine->scale.size();
  std::vector<double> bias(c, 0.0);
  if (target->bias) {
    auto b = xcc::constantValues(target->bias->get());
    if (!b)
      return failure();
    bias = *b;
  }
  if (!kernel)
    return failure();
  // Channels-last kernels: the output channel is the fastest-varying index.
  for (size_t i = 0; i < kernel->size(); ++i)
    (*kernel)[i] *= affine->scale[i % c];
  for (size_t i = 0; i < c; ++i)
    bias[i] = bias[i] * affine->scale[i] + affine->shift[i];

  OpBuilder b(conv);
  auto kernelOp = kernelValue.getDefiningOp<ConstantOp>();
  auto layer = cast<LayerOpInterface>(conv).getLayer();
  Value newKernel = xcc::createConstant(b, conv->getLoc(), layer, kernelOp.getWeight(),
                                        cast<RankedTensorType>(kernelValue.getType()).getShape(), *kernel,
                                        {bn.getLayer()}, kernelValue);
  Value newBias = xcc::createConstant(b, conv->getLoc(), layer, "bias", {int64_t(c)}, bias, {bn.getLayer()},
                                      target->bias ? target->bias->get() : Value());
  Value oldBias = target->bias ? target->bias->get() : Value();
  target->kernel->set(newKernel);
  if (target->bias)
    target->bias->set(newBias);
  else
    conv->insertOperands(target->biasOperandIndex, newBias);
  for (Value old : {kernelValue, oldBias})
    if (old && old.use_empty())
      old.getDefiningOp()->erase();
  bn.replaceAllUsesWith(conv->getResult(0));
  xcc::eraseWithDeadOperands(bn);
  return success();
}

class FoldFrozenBatchNormPass : public xcc::impl::FoldFrozenBatchNormBase<FoldFrozenBatchNormPass> {
public:
  void runOnOperation() override {
    SmallVector<BatchNormOp> bns;
    getOperation().walk([&](BatchNormOp bn) { bns.push_back(bn); });
    for (BatchNormOp bn : bns)
      (void)foldInto(bn);
  }
};

} // namespace
