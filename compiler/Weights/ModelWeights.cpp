#include "Weights/ModelWeights.h"

#include "Weights/Keras3Keys.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

ModelWeights::ModelWeights(ModelOp model, const std::string &path) {
  // A tfjs model with a missing shard is still usable if the model does not need that shard's weights; the
  // matcher names the shard when it does.
  weights::LoadOptions options;
  options.allowMissingShards = true;
  file_ = std::make_unique<weights::WeightFile>(weights::loadWeights(path, options));
  if (file_->format == weights::Format::Keras3WeightsH5 || file_->format == weights::Format::KerasZip)
    keras3Keys_ = keras3WeightKeys(model);
  // Every parameter that reads the file, trainable or not, so that auto-name ordinals do not depend on the phase.
  std::vector<WeightRequest> requests;
  model.walk([&](ParamOp p) {
    if (!isa_and_nonnull<InitializerAttr>(p.getInitAttr()))
      requests.push_back(request(p));
  });
  matcher_ = std::make_unique<WeightMatcher>(*file_, requests);
}

/// The Keras names under which `param` is looked up; Keras 3 files use the layer's class-and-position key and
/// the variable's index instead.
WeightRequest ModelWeights::request(ParamOp param) const {
  auto shape = param.getValue().getType().getShape();
  WeightRequest r{param.getLayer().str(), param.getWeight().str(), {shape.begin(), shape.end()}};
  if (auto ref = dyn_cast_or_null<KerasWeightAttr>(param.getInitAttr())) {
    r.layer = ref.getLayer().str();
    r.weight = ref.getWeight().str();
  }
  auto key = keras3Keys_.find({param.getLayer().str(), param.getWeight().str()});
  if (key != keras3Keys_.end()) {
    r.label = "layer '" + r.layer + "', weight '" + r.weight + "' (Keras 3 key layers/" + key->second.first +
              "/vars/" + key->second.second + ")";
    r.layer = key->second.first;
    r.weight = key->second.second;
  }
  return r;
}

const weights::NamedWeight &ModelWeights::entry(ParamOp param) const { return matcher_->entry(request(param)); }

} // namespace xcc
