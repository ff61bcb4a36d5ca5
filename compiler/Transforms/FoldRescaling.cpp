//===- FoldRescaling.cpp - Rescaling into the 'valid' convs after it ------===//
//
// conv(x·a + c, W) + b = conv(x, a·W) + (b + c·Σ_{kh,kw,cin} W[.., cout]). Exact only without padding: padded
// zeros are not rescaled inputs, so a 'same' conv would see c where Keras sees 0. Every user of the Rescaling
// must be such a conv with constant weights, or nothing is folded.
//
//===----------------------------------------------------------------------===//
#include "Transforms/ConstantUtils.h"
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

namespace xcc {
#define GEN_PASS_DEF_FOLDRESCALING
#include "Transforms/Passes.h.inc"
} // namespace xcc

using namespace mlir;
using namespace xnn;

namespace {

bool canAbsorb(Operation *user) {
  auto conv = dyn_cast<Conv2DOp>(user);
  return conv && conv.getPadding() == Padding::valid && xcc::constantValues(conv.getKernel()) &&
         (!conv.getBias() || xcc::constantValues(conv.getBias()));
}

void absorb(Conv2DOp conv, double scale, double offset, StringRef rescalingLayer) {
  Value kernelValue = conv.getKernel();
  auto kernel = *xcc::constantValues(kernelValue);
  auto shape = cast<RankedTensorType>(kernelValue.getType()).getShape();
  size_t cout = shape.back();
  std::vector<double> bias(cout, 0.0);
  if (conv.getBias())
    bias = *xcc::constantValues(conv.getBias());
  for (size_t i = 0; i < kernel.size(); ++i) {
    bias[i % cout] += offset * kernel[i];
    kernel[i] *= scale;
  }
  OpBuilder b(conv);
  Value oldBias = conv.getBias();
  Value newKernel = xcc::createConstant(b, conv.getLoc(), conv.getLayer(), "kernel", shape, kernel,
                                        {rescalingLayer}, kernelValue);
  Value newBias = xcc::createConstant(b, conv.getLoc(), conv.getLayer(), "bias", {int64_t(cout)}, bias,
                                      {rescalingLayer}, oldBias);
  conv.getKernelMutable().set(newKernel);
  if (oldBias)
    conv.getBiasMutable().assign(newBias);
  else
    conv->insertOperands(2, newBias);
  for (Value old : {kernelValue, oldBias})
    if (old && old.use_empty())
      old.getDefiningOp()->erase();
}

class FoldRescalingPass : public xcc::impl::FoldRescalingBase<FoldRescalingPass> {
public:
  void runOnOperation() override {
    SmallVector<RescalingOp> rescalings;
    getOperation().walk([&](RescalingOp op) { rescalings.push_back(op); });
    for (RescalingOp r : rescalings) {
      if (r->use_empty() || !llvm::all_of(r->getUsers(), canAbsorb))
        continue;
      double scale = r.getScale().convertToDouble(), offset = r.getOffset().convertToDouble();
      for (Operation *user : llvm::make_early_inc_range(r->getUsers()))
        absorb(cast<Conv2DOp>(user), scale, offset, r.getLayer());
      r.replaceAllUsesWith(r.getInput());
      r.erase();
    }
  }
};

} // namespace
