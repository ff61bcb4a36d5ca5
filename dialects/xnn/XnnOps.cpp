// Op definitions and the verifiers of the leaf ops (inputs and parameters).
#include "xnn/LayerCalls.h"
#include "xnn/Xnn.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace xnn;

#include "xnn/XnnInterfaces.cpp.inc"

LogicalResult InputOp::verify() {
  auto type = getOutput().getType();
  if (type.getRank() < 2)
    return emitOpError("input '") << getLayer() << "' needs a batch dimension and at least one more";
  if (!type.isDynamicDim(0))
    return emitOpError("input '") << getLayer() << "': the batch dimension must be dynamic ('?'), as in keras.Input";
  for (int64_t i = 1; i < type.getRank(); ++i)
    if (type.isDynamicDim(i) || type.getDimSize(i) <= 0)
      return emitOpError("input '") << getLayer() << "': dimension " << i << " must be static and > 0";
  return success();
}

int64_t ParamOp::getNumElements() { return getValue().getType().getNumElements(); }

LogicalResult ParamOp::verify() {
  auto type = getValue().getType();
  if (!type.hasStaticShape() || llvm::any_of(type.getShape(), [](int64_t d) { return d <= 0; }))
    return emitOpError("parameter '") << getLayer() << "/" << getWeight() << "' must have a static, non-empty shape";
  // Summaries and weight loading attribute a parameter to its layer: only that layer's calls (and, in a train
  // step, their gradients and its update) may use it.
  for (Operation *user : getValue().getUsers()) {
    if (isa<ApplyGradientOp>(user))
      continue;
    if (auto vjp = dyn_cast<VjpOp>(user))
      if (auto forward = vjp.getForward().getDefiningOp<LayerOpInterface>();
          forward && kerasLayerOf(forward) == getLayer())
        continue;
    auto layer = dyn_cast<LayerOpInterface>(user);
    if (!layer || kerasLayerOf(layer) != getLayer())
      return emitOpError("parameter '") << getLayer() << "/" << getWeight() << "' is used by "
                                        << (layer ? "layer '" + layer.getLayer().str() + "'"
                                                  : "'" + user->getName().getStringRef().str() + "'")
                                        << "; a parameter belongs to the layer it names";
  }
  return success();
}

#define GET_OP_CLASSES
#include "xnn/XnnOps.cpp.inc"

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }


LogicalResult LossOp::verify() {
  if (getValue().getType().getRank() != 0)
    return emitOpError("the loss is a scalar: tensor<f32>");
  auto predictions = getPredictions().getType(), labels = getLabels().getType();
  if (predictions.getRank() != labels.getRank() || predictions.getDimSize(0) != labels.getDimSize(0))
    return emitOpError("labels ") << labels << " do not fit predictions " << predictions;
  return success();
}

LogicalResult VjpOp::verify() {
  int64_t index = static_cast<int64_t>(getWrtIndex());
  Operation *forward = getForward().getDefiningOp();
  if (!forward || forward->getName().getStringRef() != getOp())
    return emitOpError("'forward' must be the result of the '") << getOp() << "' it differentiates";
  if (forward->getOperands() != getInputs())
    return emitOpError("'inputs' must be the operands of the forward op");
  if (bool(getUpstream()) == isa<LossOp>(forward))
    return emitOpError(isa<LossOp>(forward) ? "the loss is the seed: it takes no upstream gradient"
                                            : "needs the upstream gradient of its forward result");
  if (index < 0 || index >= int64_t(getInputs().size()))
    return emitOpError("wrt_index ") << index << " is not one of the " << getInputs().size() << " forward operands";
  if (getInputs()[index].getType() != getGrad().getType())
    return emitOpError("the gradient with respect to '") << getWrt() << "' must have its type "
                                                          << getInputs()[index].getType();
  return success();
}

LogicalResult ApplyGradientOp::verify() {
  auto param = getParam().getDefiningOp<ParamOp>();
  if (!param || param.getFrozen())
    return emitOpError("updates only trainable parameters (an xnn.param that is not frozen)");
  if (getParam().getType() != getGrad().getType())
    return emitOpError("gradient type ") << getGrad().getType() << " differs from parameter type "
                                          << getParam().getType();
  return success();
}
