#include "Import/ModelVariables.h"

#include "Analysis/Trainability.h"
#include "Import/Keras3Keys.h"
#include "Import/KerasConfig.h"
#include "Import/ModelWeights.h"

#include "xcc/runtime/initializers.h"
#include "xcc/weights/weights.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

std::string checkRandomStyle(const std::string &style) {
  if (style == "spread" || style == "keras" || style == "he")
    return "";
  return "--random-style must be spread, keras or he; got '" + style + "'";
}

RandomDraw randomDraw(ParamOp param, const RandomWeights &random) {
  uint64_t seed = rt::randomWeightsSeed(param.getLayer(), param.getWeight(), uint64_t(random.seed));
  if (random.style == "keras")
    return {stringifyInitializerKind(defaultInitializer(param.getWeight().str())).str(), seed};
  if (random.style == "he")
    return {"random_he", seed};
  return {"random_weights", seed};
}

FailureOr<ModelVariables> modelVariables(ModelOp model, StringRef phase, const ModelWeights *weights,
                                         const RandomWeights &random) {
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
    } else if (random.seed >= 0) {
      // The other styles' draws are initializers to the runtime: it makes and exports them like a new head's.
      RandomDraw draw = randomDraw(p, random);
      bool spread = draw.init == "random_weights";
      v.from = spread ? VariableInfo::From::RandomWeights : VariableInfo::From::Initializer;
      v.initializer = spread ? "" : draw.init;
      v.seed = draw.seed;
      values = rt::initialValues(draw.init, v.weight, v.shape, draw.seed);
    }
    if (v.from == VariableInfo::From::Initializer || v.from == VariableInfo::From::RandomWeights)
      v.hash = weights::valuesHash(values);
    out.variables.push_back(std::move(v));
  }
  return out;
}

} // namespace xcc
