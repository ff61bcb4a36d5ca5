// The Halide algorithm of a model's forward pass: one Func per layer, no scheduling (see schedules/).
#ifndef XCC_HALIDE_LOWEREDMODEL_H
#define XCC_HALIDE_LOWEREDMODEL_H

#include "KernelGraph/KernelGraph.h"

#include "Halide.h"

#include <vector>

namespace xcc::hl {

/// How the GEMMs of convolutions multiply: in float32; or (mixed_bfloat16) in bfloat16 with float32
/// accumulation, in pairs on AVX-512 bf16 dot products (Halide/Gemm.cpp), or on AMX tiles (Halide/Tiles.cpp).
enum class GemmPrecision { Float32, Bf16Pairs, AmxTiles };
/// For a mixed_bfloat16 graph: AmxTiles where the xcc target asks for them (`amxTiles`, Codegen/Target.h),
/// else Bf16Pairs on a target with bf16 dot products; float32 otherwise (the policy's fallback on CPUs without
/// either).
GemmPrecision gemmPrecision(xnn::DtypePolicy policy, const Halide::Target &target, bool amxTiles);
/// The manifest's "matmul": "amx_bf16", "bf16_dot" or "float32".
const char *gemmPrecisionName(GemmPrecision p);
/// Whether a separable convolution with `midChannels` depthwise outputs keeps its depthwise result for the backward
/// in bfloat16: on bf16 pairs, where its forward GEMM reads that copy (Stage::gemmInput) and its pointwise kernel's
/// gradient rounds the result to bf16 anyway. Half of float32's bytes to write, keep and read; the same numbers.
bool midInBf16(GemmPrecision p, int64_t midChannels);

/// The output channels of a float32 GEMM's weight panel (Halide/Gemm.cpp's panelWeights): two AVX-512 vectors,
/// the register tile's usual width (schedules/forward_schedule.cpp; its AVX2 tiles cover half a panel, its wide
/// tiles two).
inline constexpr int kGemmPanel = 32;

/// A GEMM on AMX tiles (Halide/Tiles.cpp): `call`, the extern stage c(co, x, y, n) = Σ_k a(k, x, y, n) B(k, co),
/// and its bf16 data operand `a` over k < `k` (the reduction zero-padded to whole tiles).
struct TileGemm {
  Halide::Func call, a;
  Halide::Expr k;
  bool defined() const { return call.defined(); }
};

/// One lowered layer, with the named pieces its schedule needs.
struct Stage {
  const kg::Node *node = nullptr;
  Halide::Func out;        ///< the layer's result (activation applied)
  Halide::Func acc;        ///< convolution / dense / pool accumulator (pure init + update), if any
  Halide::Func depthwise;  ///< separable convolution: the depthwise result feeding the pointwise GEMM
  Halide::Func padded;     ///< zero- or -inf-padded input of a windowed op, if any
  /// A float32 3x3 (or larger) convolution's input as its GEMM reads it, computed where the schedule puts it: a
  /// layer fused into the convolution (a BatchNorm and ReLU, padding) would otherwise be recomputed per tap and
  /// output channel panel.
  Halide::Func window;
  Halide::RDom r;          ///< acc's reduction domain
  /// BatchNorm: γ / sqrt(var + ε) per channel (Halide/Elementwise.cpp's batchNormScale), computed once per call.
  /// Inlined, a consumer recomputed it per element it read: a 3x3 convolution reading a fused BN did a sqrt and a
  /// divide per tap and pixel.
  Halide::Func bnScale;
  std::vector<Halide::Var> vars;
  bool isConstant = false; ///< constants and parameters: nothing to schedule
  bool embedded = false;   ///< a constant whose values are compiled into the object (node->data)
  /// Bf16Pairs: acc's reduction starts with (pair element, pair) of channels, and gemmInput is the data operand
  /// in bf16, computed where the schedule puts it.
  bool pairs = false;
  Halide::Func gemmInput;
  /// AmxTiles: the GEMM on tiles that computes acc (forward), or out (a vector-Jacobian product).
  TileGemm tiles;
  /// The bf16 operands of this stage's pair GEMMs that are computed once per call, each (pair element, channel,
  /// ...): trainable weights packed (forward and transposed), and a kernel gradient's operands paired by image.
  std::vector<Halide::Func> bf16Operands;
  /// Trainable weights packed for this stage's float32 GEMMs once per call, each (channel in panel, reduction
  /// channel, kx, ky, panel) (Halide/Gemm.cpp's panelWeights).
  std::vector<Halide::Func> weightPanels;

  // Backward pieces of a forward layer, shared by its vector-Jacobian products (defined on first use).
  Halide::Func dpre;       ///< the upstream gradient through the layer's activation (d loss / d acc)
  Halide::Func dmid, dmidAcc; ///< separable convolution: the gradient at the depthwise result, a GEMM
  Halide::RDom dmidR;
  bool dmidPairs = false;
  TileGemm dmidTiles; ///< AmxTiles: the GEMM computing dmid
  Halide::Func dpreBf16;   ///< Bf16Pairs: dpre in bf16, the data operand of the backward GEMMs
  Halide::Func winner;     ///< max-pool backward: each window's first maximum (its tap ky·kw + kx, uint8) per output
  Halide::Func grid;       ///< a strided 1x1 convolution's input gradient on its output grid (acc's GEMM)
  Halide::Func bnSums;     ///< BatchNorm: per channel {Σ dy·(x - mean), Σ dy}, γ's and β's gradients in one pass

  /// How a Vjp stage reduces, which decides its schedule.
  enum class Reduction {
    None,        ///< elementwise
    Window,      ///< activation-shaped, over channels and taps (transposed convolutions): GEMM tiles
    Pixels,      ///< weight-shaped, over every sample and pixel: the pixels outermost
    PixelGemm,   ///< a pointwise kernel's gradient: a GEMM whose reduction runs over the pixels
    Other,       ///< pools and the like
  } reduction = Reduction::None;
};

/// A value one pipeline of a train step stores for a later one: a node's output, or the depthwise result inside
/// a separable convolution (`mid`).
struct StoredValue {
  int node;
  bool mid = false;
  Halide::ImageParam param; ///< how the later pipeline reads it
};

/// The run-time inputs and the outputs that only a train step has.
struct TrainStep {
  Halide::ImageParam labels;        ///< [N, 1] as (1, n): 0/1 targets or class indices
  Halide::ImageParam sampleWeights; ///< [N]: Keras's sample/class weights (ones when unused)
  Halide::Param<float> learningRate{"learning_rate"};
  Halide::Param<int> iteration{"iteration"}; ///< Keras's optimizer.iterations before this step (t = iteration+1)
  Halide::Param<int> dropoutSeed{"dropout_seed"};
  /// The batch's first sample's place in the global batch: a data-parallel rank computes a slice of it, and
  /// Dropout's draw indexes the global batch, so that N ranks draw the masks one process would (0 otherwise).
  Halide::Param<int> sampleOffset{"sample_offset"};
  Halide::Func loss;                ///< scalar: the batch's loss (sum_over_batch_size)
  Halide::Func metrics;             ///< [metrics]: per metric, the number of correct predictions in the batch
  std::vector<Halide::Func> grads;  ///< per parameter its gradient (undefined when the loss does not reach it)
  std::vector<StoredValue> inputs;  ///< Part::Backward, a forward slice: the earlier values it may read
};

/// Which part of a train step's graph to build. One Halide pipeline for a whole train step nests every stored
/// intermediate inside the previous one, and Halide 14's lowering is cubic in that depth; three pipelines keep
/// each one shallow (see Codegen/TrainArtifact.cpp).
enum class Part {
  Whole,    ///< a forward graph: every node
  Forward,  ///< a range of a train step's forward half (training semantics: Dropout draws its mask), reading
            ///< earlier forward slices' values as inputs
  Backward, ///< a range of the backward nodes (loss, metrics, gradients), reading earlier values as inputs
};

/// The nodes [begin, end) of a train step's graph that Part::Backward or Part::Forward builds.
struct NodeRange {
  int begin = 0, end = 1 << 30;
};

struct LoweredModel {
  Halide::ImageParam input;            ///< the model input, NHWC as (c, x, y, n)
  std::vector<Halide::ImageParam> params; ///< trainable parameters, in kg::Graph::params order
  std::vector<Stage> stages;           ///< one per graph node
  Halide::Func output;                 ///< the model output
  TrainStep train;                     ///< when the graph is a train step (--xcc-autodiff)
};

/// Builds the algorithm of the graph: the forward pass, and for a train step also the loss and the backward
/// pass. Constants become Buffers embedded in the generated object, or with `constantsAsValues` inputs like the
/// values of earlier pipelines (code shared by several slices: each passes its own).
LoweredModel buildModel(const kg::Graph &graph, GemmPrecision precision, Part part = Part::Whole,
                        NodeRange range = {}, bool constantsAsValues = false);

/// Per node: whether it belongs to the backward half (train-only nodes and what is computed from them).
std::vector<bool> backwardNodes(const kg::Graph &graph);

/// The optimizer step of one parameter, over its elements as a flat vector: every parameter's update is the same
/// elementwise kernel, so a train step compiles it once and calls it per parameter (the train plan passes the
/// buffers flattened), instead of one copy per parameter shape.
struct UpdateStep {
  Halide::ImageParam param, grad;                      ///< no grad: a parameter the loss does not reach
  std::vector<Halide::ImageParam> slots;               ///< optimizer state (Adam's m and v, SGD's velocity)
  Halide::Param<float> learningRate{"learning_rate"};
  Halide::Param<int> iteration{"iteration"};
  Halide::Func update;                                 ///< Tuple(new value, new slots...)
};
/// With `withGradient` false, the update keeps the value and the state.
UpdateStep buildUpdate(const kg::Optimizer &optimizer, bool withGradient);

/// A Constant node's values, embedded in the generated object as a Buffer.
Halide::Func constantFunc(const kg::Node &n);

/// Whether a node exists only in a train step (labels, loss, vector-Jacobian products, updates).
bool isTrainOnly(const kg::Node &n);

/// A C identifier for a layer/weight pair ("xception/block1_conv1" + "kernel" -> "xception_block1_conv1__kernel").
std::string cName(const std::string &layer, const std::string &weight = "");

} // namespace xcc::hl

#endif // XCC_HALIDE_LOWEREDMODEL_H
