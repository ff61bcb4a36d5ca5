//===- MaterializeFrozenParams.cpp - frozen parameters become constants ---===//
//
// A frozen parameter's value is fixed for the whole artifact, so it is read here, once, at compile time: from its
// initializer, from the weights file, or (testing only) from a seeded random generator. Trainable parameters are
// left alone: they are runtime inputs of the generated code.
//
//===----------------------------------------------------------------------===//
#include "Transforms/ConstantUtils.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include "Import/Keras3Keys.h"
#include "Import/WeightMatching.h"
#include "xcc/runtime/initializers.h"
#include "xcc/weights/weights.h"

#include <memory>

#include <random>

namespace xcc {
#define GEN_PASS_DEF_MATERIALIZEFROZENPARAMS
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;
namespace weights = xcc::weights;

namespace {

/// FNV-1a of the weight's name mixed with the --random-weights seed: independent of std::hash.
uint64_t nameSeed(StringRef layer, StringRef weight, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (char c : (layer + "/" + weight).str())
    h = (h ^ uint8_t(c)) * 1099511628211ull;
  return h;
}

/// Test weights that make every op's numerics visible: kernels glorot_uniform, BatchNorm statistics and
/// biases spread around their Keras defaults so that a folding mistake cannot hide behind gamma = 1, mean = 0.
std::vector<float> randomWeight(StringRef weight, const std::vector<int64_t> &shape, uint64_t seed) {
  size_t n = 1;
  for (int64_t d : shape)
    n *= d;
  auto spread = [&](double lo, double hi) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> dist(lo, hi);
    std::vector<float> v(n);
    for (float &x : v)
      x = float(dist(rng));
    return v;
  };
  if (weight == "gamma" || weight == "moving_variance")
    return spread(0.5, 1.5);
  if (weight == "beta" || weight == "moving_mean" || weight == "bias")
    return spread(-0.2, 0.2);
  return xcc::rt::initialize(xcc::rt::Initializer::GlorotUniform, shape, seed);
}

xcc::rt::Initializer toRuntime(InitializerKind kind) {
  return xcc::rt::parseInitializer(stringifyInitializerKind(kind).str());
}

class MaterializeFrozenParamsPass : public xcc::impl::MaterializeFrozenParamsBase<MaterializeFrozenParamsPass> {
public:
  using MaterializeFrozenParamsBase::MaterializeFrozenParamsBase;

  void runOnOperation() override {
    SmallVector<ParamOp> frozen;
    getOperation().walk([&](ParamOp p) {
      if (p.getFrozen())
        frozen.push_back(p);
    });
    if (!weightsFile.empty() && failed(loadFile(frozen)))
      return signalPassFailure();
    for (ParamOp param : frozen)
      if (failed(materialize(param)))
        return signalPassFailure();
  }

private:
  /// The Keras names under which `param` is looked up in the weights file; Keras 3 files use the layer's
  /// class-and-position key and the variable's index instead.
  xcc::WeightRequest request(ParamOp param) const {
    auto shape = param.getValue().getType().getShape();
    xcc::WeightRequest r{param.getLayer().str(), param.getWeight().str(), {shape.begin(), shape.end()}};
    if (auto ref = dyn_cast_or_null<KerasWeightAttr>(param.getInitAttr())) {
      r.layer = ref.getLayer().str();
      r.weight = ref.getWeight().str();
    }
    auto key = keras3Keys.find({param.getLayer().str(), param.getWeight().str()});
    if (key != keras3Keys.end()) {
      r.label = "layer '" + r.layer + "', weight '" + r.weight + "' (Keras 3 key layers/" + key->second.first +
                "/vars/" + key->second.second + ")";
      r.layer = key->second.first;
      r.weight = key->second.second;
    }
    return r;
  }

  LogicalResult loadFile(ArrayRef<ParamOp> frozen) {
    try {
      // A tfjs model with a missing shard is still usable if the model does not need that shard's weights;
      // the matcher names the shard when it does.
      weights::LoadOptions options;
      options.allowMissingShards = true;
      file = std::make_shared<weights::WeightFile>(weights::loadWeights(weightsFile, options));
      bool keras3 = file->format == weights::Format::Keras3WeightsH5 || file->format == weights::Format::KerasZip;
      auto models = getOperation().getOps<ModelOp>();
      if (keras3 && !models.empty())
        keras3Keys = xcc::keras3WeightKeys(*models.begin());
      std::vector<xcc::WeightRequest> requests;
      for (ParamOp p : frozen)
        if (!isa_and_nonnull<InitializerAttr>(p.getInitAttr()))
          requests.push_back(request(p));
      matcher = std::make_shared<xcc::WeightMatcher>(*file, requests);
    } catch (const std::exception &e) {
      return getOperation().emitError("cannot use weights: ") << e.what();
    }
    return success();
  }

  LogicalResult materialize(ParamOp param) {
    auto type = param.getValue().getType();
    std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
    std::vector<float> values;
    if (auto init = dyn_cast_or_null<InitializerAttr>(param.getInitAttr())) {
      // The runtime initializes trainable parameters with the same default seed, so a frozen and a trainable copy
      // of one layer start equal.
      uint64_t seed = init.getSeed() ? uint64_t(*init.getSeed())
                                     : xcc::rt::defaultInitializerSeed(param.getLayer().str(), param.getWeight().str());
      values = xcc::rt::initialize(toRuntime(init.getKind()), shape, seed);
    } else if (matcher) {
      try {
        values = matcher->values(request(param));
      } catch (const std::exception &e) {
        return param.emitError(e.what());
      }
    } else if (randomWeights >= 0) {
      values = randomWeight(param.getWeight(), shape, nameSeed(param.getLayer(), param.getWeight(), randomWeights));
    } else {
      return param.emitError("layer '") << param.getLayer() << "' is frozen and its weight '" << param.getWeight()
                                        << "' comes from a weights file: pass --weights FILE (or --random-weights "
                                           "SEED to test with random values)";
    }
    OpBuilder b(param);
    std::vector<double> wide(values.begin(), values.end());
    Value constant = xcc::createConstant(b, param.getLoc(), param.getLayer(), param.getWeight(), shape, wide, {});
    param.replaceAllUsesWith(constant);
    param.erase();
    return success();
  }

  std::shared_ptr<weights::WeightFile> file; // shared: passes are copyable
  std::shared_ptr<xcc::WeightMatcher> matcher;
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> keras3Keys;
};

} // namespace
