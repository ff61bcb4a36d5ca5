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

  // Backward pieces of a forward layer, shared by its vector-Jacobian products (defined on first use).
  Halide::Func dpre;       ///< the upstream gradient through the layer's activation (d loss / d acc)
  Halide::Func dmid;       ///< separable convolution: the gradient at the depthwise result
  bool reduces = false;    ///< a Vjp stage with a reduction (weight gradients, transposed windows)
};

/// The run-time inputs and the outputs that only a train step has.
struct TrainStep {
  Halide::ImageParam labels;        ///< [N, 1] as (1, n): 0/1 targets or class indices
  Halide::ImageParam sampleWeights; ///< [N]: Keras's sample/class weights (ones when unused)
  Halide::Param<float> learningRate{"learning_rate"};
  Halide::Param<int> iteration{"iteration"}; ///< Keras's optimizer.iterations before this step (t = iteration+1)
  Halide::Param<int> dropoutSeed{"dropout_seed"};
  std::vector<std::vector<Halide::ImageParam>> slots; ///< slots[k][i]: optimizer state k of parameter i
  Halide::Func loss;                ///< scalar: the batch's loss (sum_over_batch_size)
  Halide::Func metrics;             ///< [metrics]: per metric, the number of correct predictions in the batch
  std::vector<Halide::Func> updates; ///< per parameter: Tuple(new value, new slot 0, new slot 1, ...)
};

struct LoweredModel {
  Halide::ImageParam input;            ///< the model input, NHWC as (c, x, y, n)
  std::vector<Halide::ImageParam> params; ///< trainable parameters, in kg::Graph::params order
  std::vector<Stage> stages;           ///< one per graph node
  Halide::Func output;                 ///< the model output
  TrainStep train;                     ///< when the graph is a train step (--xcc-autodiff)
};

/// Builds the algorithm of the graph: the forward pass, and for a train step also the loss, the backward pass
/// and the optimizer update. Constants become Buffers embedded in the generated object.
LoweredModel buildModel(const kg::Graph &graph);

/// A C identifier for a layer/weight pair ("xception/block1_conv1" + "kernel" -> "xception_block1_conv1__kernel").
std::string cName(const std::string &layer, const std::string &weight = "");

} // namespace xcc::hl

#endif // XCC_CONVERSION_HALIDEFORWARD_H
