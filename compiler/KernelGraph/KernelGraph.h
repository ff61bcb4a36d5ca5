// The hand-off from the MLIR side to the Halide side: the model after the forward passes, as plain data.
//
// MLIR is built without RTTI and Halide with it, so the two never share a translation unit; this header, free
// of both, is the only thing they exchange. Tensors keep Keras's layout (row-major, channels last); the Halide
// side reads a Keras shape [d0, ..., dk] as a buffer with dimensions (dk, ..., d0).
#ifndef XCC_KERNELGRAPH_KERNELGRAPH_H
#define XCC_KERNELGRAPH_KERNELGRAPH_H

#include "xnn/DtypePolicy.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xcc::kg {

enum class OpKind {
  Input, Constant, Param,
  Rescaling, Conv2D, DepthwiseConv2D, SeparableConv2D, BatchNorm, Activation, MaxPool2D, AvgPool2D,
  GlobalAvgPool2D, GlobalMaxPool2D, Add, Concatenate, ZeroPadding2D, Flatten, Reshape, Dropout, Dense,
  // Train step only (--xcc-autodiff): the labels input, the loss, one vector-Jacobian product, one update.
  Labels, Loss, Vjp, ApplyGradient,
};

enum class Act { Linear, Relu, Relu6, Sigmoid, Softmax };
enum class LossKind { BinaryCrossentropy, SparseCategoricalCrossentropy };
enum class MetricKind { BinaryAccuracy, SparseCategoricalAccuracy };

/// The phase's optimizer (Keras's update rules; REFERENCE §1). Its learning rate is the default of a run-time
/// scalar, so schedules can change it.
struct Optimizer {
  enum Kind { None, Adam, Sgd } kind = None;
  double learningRate = 1e-3, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, momentum = 0;
  bool nesterov = false;
  /// Per-parameter state tensors: Adam's m and v, SGD's velocity when it has momentum.
  int slots() const { return kind == Adam ? 2 : kind == Sgd && momentum != 0 ? 1 : 0; }
};

struct Metric {
  MetricKind kind;
  double threshold = 0.5; ///< binary accuracy's decision threshold
};

struct Node {
  OpKind kind;
  std::string layer;              ///< Keras layer name (prefixed by its sub-model once inlined)
  std::string weight;             ///< for Param / Constant: the Keras weight name ("kernel", "bias", ...)
  std::vector<int> operands;      ///< node indices, in the dialect op's operand order
  std::vector<int64_t> shape;     ///< Keras shape; -1 for the batch dimension of activations

  // Attributes (only those of the node's kind are meaningful).
  std::array<int64_t, 2> strides{1, 1}, dilation{1, 1}, poolSize{1, 1};
  std::array<int64_t, 4> padding{0, 0, 0, 0}; ///< zero_padding2d: top, bottom, left, right
  bool samePadding = false;
  Act activation = Act::Linear;
  double scale = 1, offset = 0, epsilon = 1e-3, rate = 0;
  int64_t axis = -1;
  bool keepdims = false;
  /// Dropout/BatchNorm: whether the layer runs in training mode when the graph is a train step (Keras's fit()
  /// without an explicit `training=False` on the call). Forward functions always run inference semantics.
  bool training = false;
  bool hasBias = false, hasGamma = false, hasBeta = false;
  int64_t seed = 0;
  bool fused = false;             ///< computed inside its consumers' kernels (--xcc-group-kernels)

  std::vector<float> data;        ///< Constant: the values, row-major in Keras order

  // Loss: predictions and labels are operands 0 and 1.
  LossKind loss = LossKind::BinaryCrossentropy;
  bool fromLogits = false;
  /// Vjp: operands are {forward node, upstream gradient} (no upstream for the loss, which is the seed); the
  /// gradient is with respect to operand `wrtIndex` of the forward node. ApplyGradient: {param, gradient}.
  int64_t wrtIndex = 0;

  /// Param: where its first value comes from. A Keras initializer name ("glorot_uniform") with the seed it is
  /// drawn with, or an empty `initializer` when the value is read from the weights file under
  /// `sourceLayer`/`sourceWeight` (the param's own names unless it points at another Keras weight).
  std::string initializer;
  uint64_t initSeed = 0;
  std::string sourceLayer, sourceWeight;
};

struct Graph {
  std::string name;
  /// Keras's mixed-precision policy: with mixed_bfloat16 the GEMMs may compute in bfloat16 (Halide/Gemm.h).
  xnn::DtypePolicy dtypePolicy = xnn::DtypePolicy::Float32;
  std::vector<Node> nodes;        ///< topologically ordered
  std::vector<int> inputs;        ///< Input nodes
  std::vector<int> params;        ///< trainable Param nodes: runtime inputs, in this order
  std::vector<int> outputs;

  // Train step only.
  int loss = -1;                  ///< the Loss node
  std::vector<int> updates;       ///< ApplyGradient nodes, in graph.params order
  Optimizer optimizer;
  std::vector<Metric> metrics;
  bool isTrainStep() const { return loss >= 0; }
};

} // namespace xcc::kg

#endif // XCC_KERNELGRAPH_KERNELGRAPH_H
