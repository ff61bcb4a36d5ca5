#include "Weights/ModelVariables.h"

#include "Weights/Keras3Keys.h"
#include "Weights/ModelWeights.h"

using namespace mlir;
using namespace xnn;

namespace xcc {
namespace {

/// The manifest's spelling of a resolved source.
void record(const ParamSource &source, VariableInfo &v) {
  switch (source.kind) {
  case ParamSource::Kind::Initializer:
    v.from = VariableInfo::From::Initializer;
    v.initializer = source.init;
    v.seed = source.seed;
    break;
  case ParamSource::Kind::Random:
    v.from = VariableInfo::From::RandomWeights;
    v.seed = source.seed;
    break;
  case ParamSource::Kind::Weights:
    v.from = VariableInfo::From::Weights;
    v.keyLayer = source.entry->layer;
    v.keyWeight = source.entry->weight;
    break;
  case ParamSource::Kind::Missing:
    return;
  }
  v.hash = weights::valuesHash(source.values(v.weight, v.shape));
}

} // namespace

FailureOr<ModelVariables> modelVariables(ModelOp model, const ModelWeights *weights, const RandomWeights &random) {
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
    FailureOr<ParamSource> source = resolveParamSource(p, kv.layer, weights, random);
    if (failed(source))
      return failure();
    record(*source, v);
    out.variables.push_back(std::move(v));
  }
  return out;
}

} // namespace xcc
