// Verifiers of the structural ops: models, sub-models and phases.
#include "xnn/LayerCalls.h"
#include "xnn/DtypePolicy.h"
#include "xnn/Phases.h"
#include "xnn/Xnn.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace xnn;

OutputOp ModelOp::getOutputOp() {
  auto outputs = getBody().getOps<OutputOp>();
  return outputs.empty() ? OutputOp() : *outputs.begin();
}

PhaseOp ModelOp::lookupPhase(StringRef name) {
  for (auto phase : getBody().getOps<PhaseOp>())
    if (phase.getPhase() == name)
      return phase;
  return {};
}

/// Keras requires unique layer names within one model; a nested model has its own namespace.
static LogicalResult verifyUniqueLayerNames(Operation *scope, Region &body) {
  llvm::StringMap<Operation *> seen;
  for (Operation &op : body.getOps()) {
    auto layer = dyn_cast<LayerOpInterface>(&op);
    StringRef name = layer ? layer.getLayer() : StringRef();
    if (auto input = dyn_cast<InputOp>(&op))
      name = input.getLayer();
    if (name.empty())
      continue;
    auto [it, inserted] = seen.try_emplace(name, &op);
    if (!inserted)
      return op.emitOpError("layer name '") << name << "' is already used in this model"
                                            << (isa<ModelOp>(scope) ? "" : " (a sub-model)");
  }
  return xnn::verifyLayerCalls(body);
}

/// Number of layers called `name` anywhere in the model, nested models included; the calls of a shared layer are
/// one layer.
static int countLayersNamed(ModelOp model, StringRef name) {
  llvm::SmallPtrSet<Region *, 4> scopes;
  model.walk([&](LayerOpInterface layer) {
    if (kerasLayerOf(layer) == name)
      scopes.insert(layer->getParentRegion());
  });
  return static_cast<int>(scopes.size());
}

/// The loss must fit the model output: one logit for binary, at least two classes for sparse categorical.
static LogicalResult verifyLossFitsOutput(PhaseOp phase, Type outputType) {
  auto shape = cast<RankedTensorType>(outputType).getShape();
  LossAttr loss = phase.getLoss();
  bool binary = loss.getKind() == LossKind::binary_crossentropy;
  if (binary && shape.back() != 1)
    return phase.emitOpError("phase '") << phase.getPhase() << "': binary_crossentropy needs one output unit, "
                                        << "the model has " << shape.back();
  if (!binary && shape.back() < 2)
    return phase.emitOpError("phase '") << phase.getPhase()
                                        << "': sparse_categorical_crossentropy needs >= 2 output units, the model has "
                                        << shape.back();
  for (auto metric : phase.getMetrics().getAsRange<MetricAttr>()) {
    bool binaryMetric = metric.getKind() == MetricKind::binary_accuracy;
    if (binaryMetric != binary && metric.getKind() != MetricKind::accuracy)
      return phase.emitOpError("phase '") << phase.getPhase() << "': metric '"
                                          << stringifyMetricKind(metric.getKind()) << "' does not fit loss '"
                                          << stringifyLossKind(loss.getKind()) << "'";
  }
  return success();
}

/// MLIR accepts any unknown attribute as "discardable": a misspelt Keras option (`stride` for `strides`) would
/// then be ignored silently. Only xcc's own annotations (`xcc.*`, added by passes) may appear besides an op's
/// declared attributes.
static LogicalResult verifyKnownAttributes(ModelOp model) {
  WalkResult result = model.walk([&](Operation *op) {
    for (NamedAttribute attr : op->getDiscardableAttrs()) {
      StringRef name = attr.getName().strref();
      if (name.starts_with("xcc.") || (name == kCallOfAttr && isa<LayerOpInterface>(op)))
        continue;
      std::string known;
      for (StringAttr inherent : op->getName().getAttributeNames())
        known += (known.empty() ? "" : ", ") + inherent.str();
      op->emitOpError("has no attribute '") << name << "'" << (known.empty() ? "" : "; its attributes are: ")
                                           << known;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult ModelOp::verify() {
  if (failed(verifyKnownAttributes(*this)))
    return failure();
  auto outputs = getBody().getOps<OutputOp>();
  if (std::distance(outputs.begin(), outputs.end()) != 1)
    return emitOpError("model '") << getSymName() << "' must have exactly one xnn.output";
  if (getBody().getOps<InputOp>().empty())
    return emitOpError("model '") << getSymName() << "' has no xnn.input";
  if (std::optional<StringRef> policy = getDtypePolicy(); policy && !parseDtypePolicy(*policy))
    return emitOpError("dtype_policy '") << *policy << "' is not one xcc implements (" << dtypePolicyList() << ")";
  if (failed(verifyUniqueLayerNames(*this, getBody())))
    return failure();
  OutputOp output = getOutputOp();
  llvm::StringSet<> phaseNames;
  for (PhaseOp phase : getBody().getOps<PhaseOp>()) {
    if (!phaseNames.insert(phase.getPhase()).second)
      return phase.emitOpError("phase '") << phase.getPhase() << "' is declared twice";
    for (NamedAttribute entry : phase.getSetTrainable()) {
      if (!isa<BoolAttr>(entry.getValue()))
        return phase.emitOpError("set_trainable['") << entry.getName().strref() << "'] must be true or false";
      int n = countLayersNamed(*this, entry.getName());
      if (n != 1)
        return phase.emitOpError("set_trainable names layer '")
               << entry.getName().strref() << "', which " << (n ? "is ambiguous (nested models reuse it)"
                                                                : "is not in the model");
    }
    if (output.getOutputs().size() != 1)
      return phase.emitOpError("training phases need a model with exactly one output");
    if (failed(verifyLossFitsOutput(phase, output.getOutputs().front().getType())))
      return failure();
  }
  return success();
}

LogicalResult PhaseOp::verify() {
  if (getPhase() == kInferencePhase)
    return emitOpError("phase name 'inference' is reserved: it always means nothing trainable, no loss");
  if (getPhase().empty())
    return emitOpError("phase name must not be empty");
  return success();
}

LogicalResult SubmodelOp::verify() {
  Block &body = getBody().front();
  if (body.getArgumentTypes() != getInputs().getTypes())
    return emitOpError("sub-model '") << getLayer() << "': block arguments must match the inputs' types";
  auto yield = dyn_cast<YieldOp>(body.back()); // an empty body is rejected before this verifier runs
  if (!yield)
    return emitOpError("sub-model '") << getLayer() << "' must end with xnn.yield";
  if (yield.getOutputs().getTypes() != getOutputs().getTypes())
    return emitOpError("sub-model '") << getLayer() << "': xnn.yield types must match the results' types";
  return verifyUniqueLayerNames(*this, getBody());
}
