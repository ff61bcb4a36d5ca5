//===- GroupKernels.cpp - which layers get a loop nest of their own -------===//
//
// Elementwise and shape-only layers are cheap to recompute and expensive to store, so they are computed inside
// the kernels that read them; everything with a reduction (and residual adds, whose inlining would chain through
// the whole middle flow) is stored by a kernel of its own. The marks are what the code generator schedules by.
//
//===----------------------------------------------------------------------===//
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include "llvm/ADT/SetVector.h"

namespace xcc {
#define GEN_PASS_DEF_GROUPKERNELS
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

bool isFusible(Operation *op) {
  return isa<ActivationOp, RescalingOp, BatchNormOp, DropoutOp, ZeroPadding2DOp, FlattenOp, ReshapeOp,
             ConcatenateOp>(op);
}

class GroupKernelsPass : public xcc::impl::GroupKernelsBase<GroupKernelsPass> {
public:
  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>())
      if (failed(group(model)))
        return signalPassFailure();
  }

private:
  LogicalResult group(ModelOp model) {
    if (!model.getBody().getOps<SubmodelOp>().empty())
      return model.emitError("run --xcc-inline-submodels before --xcc-group-kernels");
    OutputOp output = model.getOutputOp();
    Builder b(model.getContext());
    // Users come after producers, so walking backwards sees every user's grouping first.
    for (Operation &op : llvm::reverse(model.getBody().front())) {
      auto layer = dyn_cast<LayerOpInterface>(&op);
      if (!layer)
        continue;
      bool isOutput = llvm::is_contained(output.getOutputs(), op.getResult(0));
      if (!isFusible(&op) || isOutput) {
        op.setAttr("xcc.kernel", b.getStringAttr(layer.getLayer()));
        continue;
      }
      llvm::SetVector<StringRef> kernels;
      for (Operation *user : op.getUsers()) {
        if (auto kernel = user->getAttrOfType<StringAttr>("xcc.kernel"))
          kernels.insert(kernel.getValue());
        else if (auto fused = user->getAttrOfType<ArrayAttr>("xcc.fused_into"))
          for (Attribute a : fused)
            kernels.insert(cast<StringAttr>(a).getValue());
      }
      op.setAttr("xcc.fused_into", b.getStrArrayAttr(kernels.getArrayRef()));
    }
    return success();
  }
};

} // namespace
