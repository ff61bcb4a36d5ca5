//===- InlineSubmodels.cpp - flatten nested models ------------------------===//
//
// Legal once --xcc-apply-phase has resolved the flags that nesting carries. Inner layer names get the
// sub-model's name as a prefix ("xception/block1_conv1", Keras 3's variable path), so names stay unique and the
// manifest can tell the runtime where each trainable weight lives.
//
//===----------------------------------------------------------------------===//
#include "Transforms/Passes.h"
#include "xnn/LayerCalls.h"
#include "xnn/Xnn.h"

namespace xcc {
#define GEN_PASS_DEF_INLINESUBMODELS
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

/// Prefixes the layer name of every op carrying one (layers, parameters, constants), and the layer a later call
/// of a shared layer names, so that it still names its parameters' layer.
void prefixLayerNames(Block &body, StringRef prefix) {
  for (Operation &op : body)
    for (StringRef attr : {StringRef("layer"), StringRef(kCallOfAttr)})
      if (auto layer = op.getAttrOfType<StringAttr>(attr))
        op.setAttr(attr, StringAttr::get(op.getContext(), prefix + "/" + layer.getValue()));
}

class InlineSubmodelsPass : public xcc::impl::InlineSubmodelsBase<InlineSubmodelsPass> {
public:
  void runOnOperation() override {
    // Innermost first, so that prefixes compose ("outer/inner/layer").
    SmallVector<SubmodelOp> submodels;
    getOperation().walk<WalkOrder::PostOrder>([&](SubmodelOp op) { submodels.push_back(op); });
    for (SubmodelOp sub : submodels) {
      if (!sub.getTrainingAttr()) {
        sub.emitOpError("sub-model '") << sub.getLayer() << "' must be resolved by --xcc-apply-phase before inlining";
        return signalPassFailure();
      }
      Block &body = sub.getBody().front();
      prefixLayerNames(body, sub.getLayer());
      auto yield = cast<YieldOp>(body.getTerminator());
      sub.replaceAllUsesWith(yield.getOutputs());
      for (auto [arg, input] : llvm::zip(body.getArguments(), sub.getInputs()))
        arg.replaceAllUsesWith(input);
      yield.erase();
      sub->getBlock()->getOperations().splice(sub->getIterator(), body.getOperations());
      sub.erase();
    }
  }
};

} // namespace
