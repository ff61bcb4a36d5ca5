//===- FoldConstants.cpp - evaluate what depends only on frozen weights ---===//
//
// An elementwise layer whose operands are all xnn.constant values computes the same thing in every step, so it
// is evaluated once here (in double, rounded to f32 like the weights). Legal for inference-mode layers only:
// a training-mode BatchNorm or Dropout depends on the batch or the step.
//
//===----------------------------------------------------------------------===//
#include "Transforms/ConstantUtils.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

namespace xcc {
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

using Values = std::vector<double>;

std::optional<double> activate(Activation a, double x) {
  switch (a) {
  case Activation::linear: return x;
  case Activation::relu: return std::max(x, 0.0);
  case Activation::relu6: return std::min(std::max(x, 0.0), 6.0);
  case Activation::sigmoid: return 1.0 / (1.0 + std::exp(-x));
  case Activation::softmax: return std::nullopt; // a reduction, not elementwise
  }
  return std::nullopt;
}

/// The folded values of `op`, or nothing when it cannot be folded.
std::optional<Values> evaluate(Operation *op) {
  auto in = xcc::constantValues(op->getOperand(0));
  if (!in)
    return std::nullopt;
  return llvm::TypeSwitch<Operation *, std::optional<Values>>(op)
      .Case([&](RescalingOp o) -> std::optional<Values> {
        double a = o.getScale().convertToDouble(), c = o.getOffset().convertToDouble();
        for (double &x : *in)
          x = x * a + c;
        return in;
      })
      .Case([&](ActivationOp o) -> std::optional<Values> {
        for (double &x : *in) {
          auto y = activate(o.getActivation(), x);
          if (!y)
            return std::nullopt;
          x = *y;
        }
        return in;
      })
      .Case([&](AddOp o) -> std::optional<Values> {
        for (Value other : o.getInputs().drop_front()) {
          auto v = xcc::constantValues(other);
          if (!v)
            return std::nullopt;
          for (size_t i = 0; i < in->size(); ++i)
            (*in)[i] += (*v)[i];
        }
        return in;
      })
      .Case([&](BatchNormOp o) -> std::optional<Values> {
        if (o.getTraining().value_or(true))
          return std::nullopt;
        auto mean = xcc::constantValues(o.getMovingMean()), var = xcc::constantValues(o.getMovingVariance());
        size_t c = mean ? mean->size() : 0;
        auto gamma = o.getGamma() ? xcc::constantValues(o.getGamma()) : Values(c, 1.0);
        auto beta = o.getBeta() ? xcc::constantValues(o.getBeta()) : Values(c, 0.0);
        if (!mean || !var || !gamma || !beta)
          return std::nullopt;
        double eps = o.getEpsilon().convertToDouble();
        for (size_t i = 0; i < in->size(); ++i) {
          size_t k = i % c; // channels last
          (*in)[i] = ((*in)[i] - (*mean)[k]) * (*gamma)[k] / std::sqrt((*var)[k] + eps) + (*beta)[k];
        }
        return in;
      })
      .Default([](Operation *) { return std::nullopt; });
}

class FoldConstantsPass : public xcc::impl::FoldConstantsBase<FoldConstantsPass> {
public:
  void runOnOperation() override {
    SmallVector<Operation *> layers;
    getOperation().walk([&](LayerOpInterface op) { layers.push_back(op); });
    // Program order: a folded layer's constant can feed the next fold.
    for (Operation *op : layers) {
      auto values = evaluate(op);
      if (!values)
        continue;
      OpBuilder b(op);
      auto layer = cast<LayerOpInterface>(op).getLayer();
      auto shape = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
      Value folded = xcc::createConstant(b, op->getLoc(), layer, "output", shape, *values, {layer});
      op->getResult(0).replaceAllUsesWith(folded);
      xcc::eraseWithDeadOperands(op);
    }
  }
};

} // namespace
