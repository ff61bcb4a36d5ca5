// Op definitions and the verifiers of the leaf ops (inputs and parameters).
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
  // Summaries and weight loading attribute a parameter to its layer: only that layer may use it.
  for (Operation *user : getValue().getUsers()) {
    auto layer = dyn_cast<LayerOpInterface>(user);
    if (!layer || layer.getLayer() != getLayer())
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

