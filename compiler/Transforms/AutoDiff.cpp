//===- AutoDiff.cpp - the train step of one phase, derived in the dialect -===//
//
// Reverse mode over the flat model: seed the loss, walk the layers backwards, and for each operand that depends
// on a trainable parameter apply that op's rule (GradientRules.cpp). Gradients of a value used several times are
// summed. Values that do not depend on a trainable parameter never get a gradient, which is the pruning: a frozen
// base costs no backward at all, and the first trainable layer gets no input gradient.
//
//===----------------------------------------------------------------------===//
#include "Transforms/GradientRules.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include "llvm/ADT/DenseSet.h"

namespace xcc {
#define GEN_PASS_DEF_AUTODIFF
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

class Differentiator {
public:
  Differentiator(ModelOp model) : model(model), b(model.getContext()) {}

  LogicalResult run() {
    auto phases = llvm::to_vector(model.getBody().getOps<PhaseOp>());
    if (phases.size() != 1)
      return model.emitError("--xcc-autodiff needs exactly one phase (run --xcc-apply-phase with a training "
                             "phase; 'inference' has no train step)");
    if (!model.getBody().getOps<SubmodelOp>().empty())
      return model.emitError("run --xcc-inline-submodels before --xcc-autodiff");
    SmallVector<ParamOp> trainable;
    for (ParamOp p : model.getBody().getOps<ParamOp>())
      if (!p.getFrozen())
        trainable.push_back(p);
    if (trainable.empty())
      return phases[0].emitError("phase '") << phases[0].getPhase() << "' trains no parameter";
    markDependents(trainable);

    SmallVector<Operation *> forward;
    for (Operation &op : model.getBody().getOps())
      forward.push_back(&op);
    b.setInsertionPointToEnd(&model.getBody().front());
    Value out = model.getOutputOp().getOutputs().front();
    auto outType = cast<RankedTensorType>(out.getType());
    Value labels = b.create<LabelsOp>(model.getLoc(),
                                      RankedTensorType::get({outType.getDimSize(0), 1}, b.getF32Type()));
    auto loss = b.create<LossOp>(model.getLoc(), RankedTensorType::get({}, b.getF32Type()), out, labels,
                                 phases[0].getLoss());
    if (dependent.count(out))
      differentiate(loss, /*upstream=*/Value());
    for (Operation *op : llvm::reverse(forward))
      if (op->getNumResults() == 1 && grads.count(op->getResult(0)) && !isa<ParamOp>(op))
        differentiate(op, grads.lookup(op->getResult(0)));
    for (ParamOp p : trainable) {
      Value g = grads.lookup(p.getValue());
      if (!g) {
        p.emitWarning("trainable parameter '") << p.getLayer() << "/" << p.getWeight()
                                               << "' does not affect the loss; it will not change";
        continue;
      }
      b.create<ApplyGradientOp>(p.getLoc(), p.getValue(), g);
    }
    return success();
  }

private:
  /// Every value computed from a trainable parameter, in program order.
  void markDependents(ArrayRef<ParamOp> trainable) {
    for (ParamOp p : trainable)
      dependent.insert(p.getValue());
    for (Operation &op : model.getBody().getOps()) {
      auto rule = xcc::gradientRule(&op);
      for (auto [i, operand] : llvm::enumerate(op.getOperands()))
        if (i < rule.size() && rule[i].kind != xcc::GradientKind::None && dependent.count(operand))
          dependent.insert(op.getResult(0));
    }
  }

  void differentiate(Operation *op, Value upstream) {
    auto rule = xcc::gradientRule(op);
    for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
      if (i >= rule.size() || rule[i].kind == xcc::GradientKind::None || !dependent.count(operand))
        continue;
      Value g = upstream;
      if (rule[i].kind == xcc::GradientKind::Vjp) {
        auto layer = op->getAttrOfType<StringAttr>("layer");
        g = b.create<VjpOp>(op->getLoc(), operand.getType(), layer ? layer.getValue() : "loss",
                            op->getName().getStringRef(), rule[i].name, int64_t(i), op->getResult(0),
                            op->getOperands(), upstream);
      }
      accumulate(operand, g, op);
    }
  }

  /// Gradients of one value from several uses add up.
  void accumulate(Value v, Value g, Operation *from) {
    Value &slot = grads[v];
    if (!slot) {
      slot = g;
      return;
    }
    std::string name = "grad_sum_" + std::to_string(sums++);
    slot = b.create<AddOp>(from->getLoc(), name, /*trainable=*/true, ValueRange{slot, g});
  }

  ModelOp model;
  OpBuilder b;
  llvm::DenseSet<Value> dependent;
  llvm::DenseMap<Value, Value> grads;
  int sums = 0;
};

class AutoDiffPass : public xcc::impl::AutoDiffBase<AutoDiffPass> {
public:
  void runOnOperation() override {
    for (ModelOp model : getOperation().getOps<ModelOp>())
      if (failed(Differentiator(model).run()))
        return signalPassFailure();
  }
};

} // namespace
