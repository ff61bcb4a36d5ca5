#include "Weights/ParamSource.h"
#include "Weights/ModelWeights.h"

#include "xcc/initializers/initializers.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

std::string checkRandomStyle(const std::string &style) {
  if (style == "spread" || style == "keras" || style == "he")
    return "";
  return "--random-style must be spread, keras or he; got '" + style + "'";
}

std::vector<float> ParamSource::values(StringRef weight, const std::vector<int64_t> &shape) const {
  if (kind == Kind::Weights)
    return entry->value.data;
  return rt::initialValues(init, weight, shape, seed);
}

namespace {

/// The --random-weights draw: the other styles' draws are initializers to the runtime, which makes and exports
/// them like a new head's.
ParamSource randomDraw(ParamOp param, const RandomWeights &random) {
  uint64_t seed = rt::randomWeightsSeed(param.getLayer(), param.getWeight(), uint64_t(random.seed));
  if (random.style == "keras")
    return {ParamSource::Kind::Initializer, std::string(rt::kerasDefaultInitializer(param.getWeight())), seed};
  if (random.style == "he")
    return {ParamSource::Kind::Initializer, "random_he", seed};
  return {ParamSource::Kind::Random, "random_weights", seed};
}

} // namespace

FailureOr<ParamSource> resolveParamSource(ParamOp param, StringRef layerPath, const ModelWeights *weights,
                                          const RandomWeights &random) {
  if (auto init = dyn_cast_or_null<InitializerAttr>(param.getInitAttr())) {
    StringRef seedLayer = param.getFrozen() ? param.getLayer() : layerPath;
    uint64_t seed = init.getSeed() ? uint64_t(*init.getSeed())
                                   : rt::defaultInitializerSeed(seedLayer, param.getWeight());
    return ParamSource{ParamSource::Kind::Initializer, stringifyInitializerKind(init.getKind()).str(), seed};
  }
  if (weights) {
    try {
      return ParamSource{ParamSource::Kind::Weights, "", 0, &weights->entry(param)};
    } catch (const std::exception &e) {
      return param.emitError(e.what());
    }
  }
  if (random.seed >= 0)
    return randomDraw(param, random);
  return ParamSource{};
}

} // namespace xcc
