// One rule per op. "v" = vector-Jacobian product (xnn.vjp, math in code generation), "=" = the upstream
// gradient unchanged, "-" = no gradient. Optional operands (bias, gamma, beta) appear only when present.
//
//   xnn.loss               predictions: v          labels: -
//   xnn.rescaling          input: v (dy · scale)
//   xnn.conv2d             input: v   kernel: v   bias: v
//   xnn.depthwise_conv2d   input: v   depthwise_kernel: v   bias: v
//   xnn.separable_conv2d   input: v   depthwise_kernel: v   pointwise_kernel: v   bias: v
//   xnn.batch_norm         input: v   gamma: v   beta: v   moving_mean: -   moving_variance: -
//   xnn.activation         input: v (from the forward output)
//   xnn.max_pool2d         input: v (to the first maximum of each window; -inf padding never wins)
//   xnn.avg_pool2d         input: v (in-image divisor)
//   xnn.global_*_pool2d    input: v
//   xnn.add                every input: =
//   xnn.concatenate        input k: v (its slice of dy)
//   xnn.zero_padding2d     input: v (dy cropped)
//   xnn.flatten/reshape    input: v (dy reshaped)
//   xnn.dropout            input: v (dy · the same seeded mask / (1 - rate))
//   xnn.dense              input: v   kernel: v   bias: v
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
