#include "Analysis/Trainability.h"

#include "xnn/LayerCalls.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

std::string listPhases(ModelOp model) {
  std::string names;
  for (PhaseOp phase : model.getBody().getOps<PhaseOp>())
    names += "'" + phase.getPhase().str() + "', ";
  return names + "'" + xnn::kInferencePhase + "'";
}

FailureOr<Trainability> Trainability::compute(ModelOp model, StringRef phase) {
  Trainability result;
  DictionaryAttr overrides = DictionaryAttr::get(model.getContext());
  if (phase == xnn::kInferencePhase) {
    result.inference = true;
  } else if (PhaseOp op = model.lookupPhase(phase)) {
    overrides = op.getSetTrainable();
  } else {
    return model.emitError("model '") << model.getSymName() << "' has no phase '" << phase
                                      << "'; it has " << listPhases(model);
  }
  result.visit(model.getBody(), /*enclosingTrainable=*/!result.inference, std::nullopt, overrides);
  return result;
}

void Trainability::visit(Region &region, bool enclosingTrainable, std::optional<bool> forced,
                         DictionaryAttr overrides) {
  // Parameters are attributed to the layer of the same name in the same (sub-)model; every call of a shared
  // layer is that layer, so a set_trainable override reaches them all.
  llvm::StringMap<bool> layerTrainable;
  for (Operation &op : region.getOps()) {
    auto layer = dyn_cast<LayerOpInterface>(&op);
    if (!layer)
      continue;
    bool flag = forced.value_or(layer.getTrainable());
    auto override = dyn_cast_or_null<BoolAttr>(overrides.get(kerasLayerOf(layer)));
    if (override)
      flag = override.getValue();
    bool effective = enclosingTrainable && flag;
    layers[&op] = effective;
    layerTrainable[kerasLayerOf(layer)] = effective;
    if (auto submodel = dyn_cast<SubmodelOp>(&op))
      visit(submodel.getBody(), effective, override ? std::optional<bool>(flag) : forced, overrides);
  }
  for (ParamOp param : region.getOps<ParamOp>()) {
    bool trainable = !param.getNonTrainable() && layerTrainable.lookup(param.getLayer());
    params[param] = trainable;
    totalCount += param.getNumElements();
    trainableCount += trainable ? param.getNumElements() : 0;
  }
}

} // namespace xcc
