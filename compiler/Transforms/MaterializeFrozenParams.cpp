//===- MaterializeFrozenParams.cpp - frozen parameters become constants ---===//
//
// A frozen parameter's value is fixed for the whole artifact, so it is read here, once, at compile time: from its
// initializer, from the weights file, or (no weights file) from a seeded random generator. Trainable parameters are
// left alone: they are runtime inputs of the generated code.
//
//===----------------------------------------------------------------------===//
#include "Transforms/ConstantUtils.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include "Weights/ModelWeights.h"
#include "Weights/ParamSource.h"

#include <memory>

namespace xcc {
#define GEN_PASS_DEF_MATERIALIZEFROZENPARAMS
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

class MaterializeFrozenParamsPass : public xcc::impl::MaterializeFrozenParamsBase<MaterializeFrozenParamsPass> {
public:
  using MaterializeFrozenParamsBase::MaterializeFrozenParamsBase;

  MaterializeFrozenParamsPass(const xcc::MaterializeFrozenParamsOptions &options,
                              std::shared_ptr<const xcc::ModelWeights> loaded)
      : MaterializeFrozenParamsBase(options), weights(std::move(loaded)) {}

  void runOnOperation() override {
    if (std::string why = xcc::checkRandomStyle(randomStyle); !why.empty()) {
      getOperation().emitError(why);
      return signalPassFailure();
    }
    SmallVector<ParamOp> frozen;
    getOperation().walk([&](ParamOp p) {
      if (p.getFrozen())
        frozen.push_back(p);
    });
    auto models = getOperation().getOps<ModelOp>();
    if (!weights && !weightsFile.empty() && !models.empty()) {
      try {
        weights = std::make_shared<xcc::ModelWeights>(*models.begin(), weightsFile);
      } catch (const std::exception &e) {
        getOperation().emitError("cannot use weights: ") << e.what();
        return signalPassFailure();
      }
    }
    for (ParamOp param : frozen)
      if (failed(materialize(param)))
        return signalPassFailure();
  }

private:
  LogicalResult materialize(ParamOp param) {
    auto type = param.getValue().getType();
    std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
    FailureOr<xcc::ParamSource> source =
        xcc::resolveParamSource(param, param.getLayer(), weights.get(), {randomWeights, randomStyle});
    if (failed(source))
      return failure();
    if (source->kind == xcc::ParamSource::Kind::Missing)
      return param.emitError("layer '") << param.getLayer() << "' is frozen and its weight '" << param.getWeight()
                                        << "' comes from a weights file: pass --weights FILE (or --random-weights "
                                           "SEED to test with random values)";
    std::vector<float> values = source->values(param.getWeight(), shape);
    OpBuilder b(param);
    std::vector<double> wide(values.begin(), values.end());
    Value constant = xcc::createConstant(b, param.getLoc(), param.getLayer(), param.getWeight(), shape, wide, {});
    param.replaceAllUsesWith(constant);
    param.erase();
    return success();
  }

  std::shared_ptr<const xcc::ModelWeights> weights; // shared: passes are copyable
};

} // namespace

std::unique_ptr<Pass> xcc::createMaterializeFrozenParams(const MaterializeFrozenParamsOptions &options,
                                                         std::shared_ptr<const ModelWeights> weights) {
  return std::make_unique<MaterializeFrozenParamsPass>(options, std::move(weights));
}
