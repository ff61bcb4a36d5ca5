//===- ApplyPhase.cpp - resolve trainable/training flags for one phase ----===//
//
// After this pass every parameter says whether it trains (`frozen` when not) and every BatchNormalization and
// Dropout says which mode it runs in, so later passes need no knowledge of Keras's flag semantics.
// Mode rule (Keras 3): BN uses batch statistics iff the call is in training mode and the layer is trainable;
// Dropout is active iff the call is in training mode. A phase's train step calls the model with training=True;
// `training` on a sub-model or layer overrides that for everything it covers; "inference" never trains.
//
//===----------------------------------------------------------------------===//
#include "Analysis/Trainability.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

namespace xcc {
#define GEN_PASS_DEF_APPLYPHASE
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

class ApplyPhasePass : public xcc::impl::ApplyPhaseBase<ApplyPhasePass> {
public:
  using ApplyPhaseBase::ApplyPhaseBase;

  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>())
      if (failed(apply(model)))
        return signalPassFailure();
  }

private:
  LogicalResult apply(ModelOp model) {
    auto trainability = xcc::Trainability::compute(model, phase);
    if (failed(trainability))
      return failure();
    bool training = phase != xnn::kInferencePhase;
    resolveModes(model.getBody(), training, *trainability);
    model.walk([&](ParamOp param) {
      if (!trainability->isParamTrainable(param))
        param.setFrozen(true);
    });
    // The chosen phase's set_trainable is now applied (as `frozen`); it would dangle once sub-models are inlined.
    for (PhaseOp other : llvm::make_early_inc_range(model.getBody().getOps<PhaseOp>())) {
      if (other.getPhase() != phase)
        other.erase();
      else
        other.setSetTrainableAttr(DictionaryAttr::get(model.getContext()));
    }
    model->setAttr("xcc.phase", StringAttr::get(model.getContext(), phase));
    return success();
  }

  /// `training` is the call-time flag in effect for `region`.
  void resolveModes(Region &region, bool training, const xcc::Trainability &t) {
    Builder b(region.getContext());
    for (Operation &op : region.getOps()) {
      if (auto bn = dyn_cast<BatchNormOp>(&op)) {
        bool callTraining = bn.getTraining().value_or(training);
        bn.setTrainingAttr(b.getBoolAttr(callTraining && t.isLayerTrainable(bn)));
      } else if (auto dropout = dyn_cast<DropoutOp>(&op)) {
        dropout.setTrainingAttr(b.getBoolAttr(dropout.getTraining().value_or(training)));
      } else if (auto sub = dyn_cast<SubmodelOp>(&op)) {
        bool inner = sub.getTraining().value_or(training);
        sub.setTrainingAttr(b.getBoolAttr(inner));
        resolveModes(sub.getBody(), inner, t);
      }
    }
  }
};

} // namespace
