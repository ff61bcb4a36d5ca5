// The Halide algorithm of a model's forward pass: one Func per layer, no scheduling (see schedules/).
#ifndef XCC_CONVERSION_HALIDEFORWARD_H
#define XCC_CONVERSION_HALIDEFORWARD_H

#include "Lowering/KernelGraph.h"

#include "Halide.h"

#include <vector>

namespace xcc::hl {

/// One lowered layer, with the named pieces its schedule needs.
struct Stage {
  const kg::Node *node = nullptr;
  Halide::Func out;        ///< the layer's result (activation applied)
  Halide::Func acc;        ///< convolution / dense / pool accumulator (pure init + update), if any
  Halide::Func depthwise;  ///< separable convolution: the depthwise result feeding the pointwise GEMM
  Halide::Func padded;     ///< zero- or -inf-padded input of a windowed op, if any
  Halide::RDom r;          ///< acc's reduction domain
  Halide::RDom depthwiseR; ///< the depthwise stage's reduction domain (its 2-D window)
  std::vector<Halide::Var> vars;
  bool isConstant = false; ///< constants and parameters: nothing to schedule
};

struct ForwardPipeline {
  Halide::ImageParam input;            ///< the model input, NHWC as (c, x, y, n)
  std::vector<Halide::ImageParam> params; ///< trainable parameters, in kg::Graph::params order
  std::vector<Stage> stages;           ///< one per graph node
  Halide::Func output;                 ///< the model output
};

/// Builds the forward algorithm. Constants become Buffers embedded in the generated object.
ForwardPipeline buildForward(const kg::Graph &graph);

/// A C identifier for a layer/weight pair ("xception/block1_conv1" + "kernel" -> "xception_block1_conv1__kernel").
std::string cName(const std::string &layer, const std::string &weight = "");

} // namespace xcc::hl

#endif // XCC_CONVERSION_HALIDEFORWARD_H
