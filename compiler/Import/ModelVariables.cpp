#include "Import/ModelVariables.h"

#include "Analysis/Trainability.h"
#include "Import/Keras3Keys.h"
#include "Import/ModelWeights.h"

#include "xcc/runtime/initializers.h"
#include "xcc/weights/weights.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

FailureOr<ModelVariables> modelVariables(ModelOp model, StringRef phase, const ModelWeights *weights,
                                         int64_t randomWeights) {
  auto trainability = Trainability::compute(model, phase);
  if (failed(trainability))
    return failure();
  Keras3Layout layout = keras3Layout(model);
  ModelVariables out;
  for (const Keras3Saveable &s : layout.saveables)
    out.groups.push_back({s.varsGroup(), s.name});
  for (const Keras3Variable &kv : layout.variables) {
    ParamOp p = kv.param;
    auto shape = p.getValue().getType().getShape();
    VariableInfo v;
    v.path = kv.path;
    v.layer = kv.layer;
    v.weight = p.getWeight().str();
    v.shape.assign(shape.begin(), shape.end());
    std::vector<float> values;
    if (auto init = dyn_cast_or_null<InitializerAttr>(p.getInitAttr())) {
      // The seed each side uses when the initializer names none: the runtime's default from the layer name as
      // the manifest's parameters spell it (ExportGraph), the compiler's from the Keras layer name
      // (MaterializeFrozenParams).
      bool trainable = trainability->isParamTrainable(p);
      v.from = VariableInfo::From::Initializer;
      v.initializer = stringifyInitializerKind(init.getKind()).str();
      v.seed = init.getSeed() ? uint64_t(*init.getSeed())
                              : rt::defaultInitializerSeed(trainable ? kv.layer : p.getLayer().str(), v.weight);
      values = rt::initialize(rt::parseInitializer(v.initializer), v.shape, v.seed);
    } else if (weights) {
      try {
        const weights::NamedWeight &entry = weights->entry(p);
        v.from = VariableInfo::From::Weights;
        v.keyLayer = entry.layer;
        v.keyWeight = entry.weight;
        v.hash = weights::valuesHash(entry.value.data);
      } catch (const std::exception &e) {
        return p.emitError(e.what());
      }
    } else if (randomWeights >= 0) {
      v.from = VariableInfo::From::RandomWeights;
      v.seed = rt::randomWeightsSeed(p.getLayer().str(), v.weight, uint64_t(randomWeights));
      values = rt::randomWeights(v.weight, v.shape, v.seed);
    }
    if (v.from == VariableInfo::From::Initializer || v.from == VariableInfo::From::RandomWeights)
      v.hash = weights::valuesHash(values);
    out.variables.push_back(std::move(v));
  }
  return out;
}

} // namespace xcc
