// The VJP rules of every xnn op. This file decides which operands get a gradient (the `rule` column: "v" an
// xnn.vjp, "=" the upstream gradient unchanged, "-" none; bias, gamma and beta only when present); the math of
// each xnn.vjp is generated on the Halide side by the function named on the right (compiler/Halide/, dispatched
// by lowerVjp in Train.cpp).
//
//   op                      rule                                     math                    file
//   xnn.loss                predictions: v, labels: -                vjpLoss                 Train.cpp
//   xnn.rescaling           input: v (dy * scale)                    vjpElementwise          Backward.cpp
//   xnn.activation          input: v (from the forward output)       vjpElementwise          Backward.cpp
//   xnn.dropout             input: v (dy * the same seeded mask      vjpElementwise          Backward.cpp
//                           / (1 - rate))
//   xnn.batch_norm          input, gamma, beta: v; moving_*: -       vjpBatchNorm            Backward.cpp
//   xnn.dense               input, kernel, bias: v                   vjpDense                Backward.cpp
//   xnn.conv2d              input, kernel, bias: v                   vjpConvolution          BackwardWindowed.cpp
//   xnn.depthwise_conv2d    input, depthwise_kernel, bias: v         vjpConvolution          BackwardWindowed.cpp
//   xnn.separable_conv2d    input, depthwise_kernel,                 vjpConvolution          BackwardWindowed.cpp
//                           pointwise_kernel, bias: v
//   xnn.max_pool2d          input: v (to the first maximum of each   vjpPool                 BackwardWindowed.cpp
//                           window; -inf padding never wins)
//   xnn.avg_pool2d          input: v (in-image divisor)              vjpPool                 BackwardWindowed.cpp
//   xnn.global_*_pool2d     input: v                                 vjpPool                 BackwardWindowed.cpp
//   xnn.concatenate         input k: v (its slice of dy)             vjpStructure            Backward.cpp
//   xnn.zero_padding2d      input: v (dy cropped)                    vjpStructure            Backward.cpp
//   xnn.flatten, reshape    input: v (dy reshaped)                   vjpStructure            Backward.cpp
//   xnn.add                 every input: =                           (no vjp: AutoDiff.cpp passes dy on)
#include "Transforms/GradientRules.h"

#include "xnn/Xnn.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace xnn;

namespace xcc {
namespace {

std::vector<OperandGradient> vjps(std::initializer_list<const char *> names, bool bias) {
  std::vector<OperandGradient> rule;
  for (const char *n : names)
    rule.push_back({n, GradientKind::Vjp});
  if (bias)
    rule.push_back({"bias", GradientKind::Vjp});
  return rule;
}

std::vector<OperandGradient> each(size_t n, GradientKind kind) {
  std::vector<OperandGradient> rule;
  for (size_t i = 0; i < n; ++i)
    rule.push_back({"input" + std::to_string(i), kind});
  return rule;
}

} // namespace

std::vector<OperandGradient> gradientRule(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::vector<OperandGradient>>(op)
      .Case([](LossOp) {
        return std::vector<OperandGradient>{{"predictions", GradientKind::Vjp}, {"labels", GradientKind::None}};
      })
      .Case([](Conv2DOp o) { return vjps({"input", "kernel"}, bool(o.getBias())); })
      .Case([](DepthwiseConv2DOp o) { return vjps({"input", "depthwise_kernel"}, bool(o.getBias())); })
      .Case([](SeparableConv2DOp o) {
        return vjps({"input", "depthwise_kernel", "pointwise_kernel"}, bool(o.getBias()));
      })
      .Case([](DenseOp o) { return vjps({"input", "kernel"}, bool(o.getBias())); })
      .Case([](BatchNormOp o) {
        std::vector<OperandGradient> rule{{"input", GradientKind::Vjp}};
        if (o.getGamma())
          rule.push_back({"gamma", GradientKind::Vjp});
        if (o.getBeta())
          rule.push_back({"beta", GradientKind::Vjp});
        rule.push_back({"moving_mean", GradientKind::None});
        rule.push_back({"moving_variance", GradientKind::None});
        return rule;
      })
      .Case<RescalingOp, ActivationOp, MaxPool2DOp, AvgPool2DOp, GlobalAvgPool2DOp, GlobalMaxPool2DOp,
            ZeroPadding2DOp, FlattenOp, ReshapeOp, DropoutOp>([](Operation *) { return vjps({"input"}, false); })
      .Case([](AddOp o) { return each(o.getInputs().size(), GradientKind::Identity); })
      .Case([](ConcatenateOp o) { return each(o.getInputs().size(), GradientKind::Vjp); })
      .Default([](Operation *) { return std::vector<OperandGradient>{}; });
}

} // namespace xcc
