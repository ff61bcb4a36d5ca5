// Halide algorithms of the individual layers (inference semantics). Internal to compiler/Halide.
#ifndef XCC_HALIDE_OPS_H
#define XCC_HALIDE_OPS_H

#include "Halide/LoweredModel.h"

#include <functional>
#include <optional>

namespace xcc::hl {

/// A layer input: its Func and Keras shape (batch first, -1 when dynamic).
struct Operand {
  Halide::Func f;
  std::vector<int64_t> shape;
  int rank() const { return int(shape.size()); }
  int64_t dim(int kerasAxis) const { return shape[kerasAxis < 0 ? kerasAxis + shape.size() : kerasAxis]; }
};

/// Vars for a tensor of `rank`, innermost (channels) first: (c, x, y, n) for NHWC.
std::vector<Halide::Var> varsFor(int rank);
std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &vars);

/// Applies `act` to `pre` over `vars`; softmax reduces over the innermost (channel) dimension.
Halide::Func activate(const Halide::Func &pre, kg::Act act, const std::vector<Halide::Var> &vars, int64_t channels,
                      const std::string &name);

// Window arithmetic of TensorFlow's padding rules, shared by the forward and backward windowed layers.
/// Padding before the first element along `axis` (0: height, 1: width) for an input extent `in` and kernel `k`.
int64_t padBefore(const kg::Node &n, int64_t in, int64_t k, int axis);
/// The NHWC input, extended beyond its H x W extent with `value` (0 for convolutions, -inf for max-pooling).
Halide::Func padded(const Operand &in, Halide::Expr value, const std::string &name);
/// Input coordinate of output `o`, window tap `k` along one axis.
Halide::Expr tap(const kg::Node &n, Halide::Expr o, Halide::Expr k, int axis, int64_t pad);

// The bf16 pair GEMMs (Gemm.cpp).
/// Whether a GEMM reducing over `reduction` channels runs in bf16 pairs.
bool pairsFit(GemmPrecision p, int64_t reduction);
/// A Keras kernel [kh, kw, A, B] (Halide dims (B, A, kx, ky)) as a pair GEMM's weights, reducing over A (a
/// convolution's forward) or, `overB`, over B (its input gradient): packed(i, o, p, kx, ky) is the weight of
/// output channel o and reduction channel 2p + i, in bf16. An embedded kernel is packed at compile time; any other
/// is packed at run time, and `owner.bf16Operands` lists it for the schedule.
Halide::Func packedPairs(const Stage &kernel, const std::vector<int64_t> &kshape, bool overB, const std::string &name,
                         Stage &owner);
/// How a float32 GEMM reads its weights: the weight of output channel o and reduction channel k at tap (kx, ky).
using GemmWeight = std::function<Halide::Expr(Halide::Expr o, Halide::Expr k, Halide::Expr kx, Halide::Expr ky)>;
/// A Keras kernel [kh, kw, A, B] (Halide dims (B, A, kx, ky)) as a float32 GEMM's weights, with output channels B
/// (a convolution's forward) or, `overB`, A (its input gradient). Where kGemmPanel divides the outputs, they are
/// packed in panels of that many, one register tile's, so that the tile's reduction reads one contiguous stream
/// (the kernel as it is strides by all the outputs: 8 KiB at 2048 of them, the same L1 set at every step). An
/// input gradient's weights are otherwise transposed, so that its outputs are contiguous. Embedded kernels are
/// packed at compile time; any other once per call (listed in `owner.weightPanels`).
GemmWeight panelWeights(const Stage &kernel, const std::vector<int64_t> &kshape, bool overB, const std::string &name,
                        Stage &owner);
/// f(v) in bf16.
Halide::Func inBf16(const Halide::Func &f, int rank, const std::string &name);
/// An NHWC activation or gradient f(c, x, y, n) of `batch` images as a kernel gradient's bf16 operand, whose
/// reduction over pixels runs in pairs of images: pairs(ni, c, x, y, nn) = f(c, x, y, 2 nn + ni), zero past the
/// last image (an odd batch). Listed in `owner.bf16Operands`.
Halide::Func imagePairs(const Halide::Func &f, Halide::Expr batch, const std::string &name, Stage &owner);

// The AMX tile GEMMs (Tiles.cpp).
/// The tile unit's reduction step: K is zero-padded to a multiple of it.
inline constexpr int64_t kTileK = 32;
/// `k` rounded up to whole tiles.
Halide::Expr tileReduction(Halide::Expr k);
int64_t tileReduction(int64_t k);
/// `value` in bf16 where `inside`, else zero: the padding of a tile GEMM's operands.
Halide::Expr bf16OrZero(Halide::Expr inside, Halide::Expr value);
/// A Keras kernel [kh, kw, cin, cout] as a tile GEMM's B over k = (ky kw + kx) cin + ci with cout columns, or
/// (`transposed`, for an input gradient) over k = (ky kw + kx) cout + co with cin columns; zero-padded. Embedded
/// kernels are packed at compile time; any other once per call (listed in `owner.bf16Operands`).
Halide::ExternFuncArgument tileWeights(const Stage &kernel, const std::vector<int64_t> &kshape, bool transposed,
                                       const std::string &name, Stage &owner);
/// The extern stage `name` multiplying `a` (over k < `k`) by `b`.
TileGemm tileGemm(const std::string &name, const Halide::Func &a, const Halide::ExternFuncArgument &b, Halide::Expr k);
/// A convolution of the (padded) input `src` as one tile GEMM over its taps and channels: s.tiles, and
/// s.acc = the GEMM + bias. s.vars must be set.
void lowerConv2DTiles(Stage &s, const Halide::Func &src, const Stage &kernel, const std::optional<Halide::Func> &bias,
                      const std::vector<int64_t> &kernelShape, int64_t padTop, int64_t padLeft);
/// A separable convolution's pointwise half, after s.depthwise; as lowerConv2DTiles.
void lowerPointwiseTiles(Stage &s, const Stage &pw, const std::optional<Halide::Func> &bias,
                         const std::vector<int64_t> &pwShape);

// Windowed layers. `kernel`/`bias` are the weight Funcs in Halide order (Keras dims reversed).
void lowerConv2D(Stage &s, const Operand &in, const Stage &kernel, const std::optional<Halide::Func> &bias,
                 const std::vector<int64_t> &kernelShape, GemmPrecision precision);
void lowerDepthwise(Stage &s, const Operand &in, const Halide::Func &kernel, const std::optional<Halide::Func> &bias,
                    const std::vector<int64_t> &kernelShape);
void lowerSeparable(Stage &s, const Operand &in, const Halide::Func &dw, const Stage &pw,
                    const std::optional<Halide::Func> &bias, const std::vector<int64_t> &dwShape,
                    const std::vector<int64_t> &pwShape, GemmPrecision precision);
void lowerPool(Stage &s, const Operand &in, bool isMax);
void lowerGlobalPool(Stage &s, const Operand &in, bool isMax);
/// Dense (Dense.cpp): with `precision` bf16, over [batch, features], on the convolutions' bf16 GEMMs.
void lowerDense(Stage &s, const Operand &in, const Stage &kernel, const std::optional<Halide::Func> &bias,
                int64_t units, GemmPrecision precision);

// Shape-only and elementwise layers.
/// A BatchNorm's γ / sqrt(var + ε) per channel, defined once on its forward stage `bn` (Stage::bnScale).
Halide::Func batchNormScale(Stage &bn, const std::optional<Halide::Func> &gamma, const Halide::Func &variance);
void lowerBatchNorm(Stage &s, const Operand &in, const std::vector<std::optional<Halide::Func>> &gammaBetaMeanVar);
void lowerConcatenate(Stage &s, const std::vector<Operand> &ins);
void lowerZeroPadding(Stage &s, const Operand &in);
void lowerReshape(Stage &s, const Operand &in);

//===------------------------------------------------------------------===//
// Train step (HalideTrain.cpp, HalideBackward*.cpp): the loss, vector-Jacobian products, the optimizer update.
//===------------------------------------------------------------------===//

/// What the train-step lowering reads from the model being built.
struct TrainContext {
  const kg::Graph &graph;
  std::vector<Stage> &stages;
  TrainStep &train;
  Halide::Expr batch; ///< the batch size of this call (the input's outermost extent)
  GemmPrecision precision;

  Operand value(int id) const { return {stages[id].out, graph.nodes[id].shape}; }
  const Stage &stage(int id) const { return stages[id]; }
};

/// Dropout's keep mask in a train step: 1/(1 - rate) for kept elements, 0 for dropped ones; the seeded draw is
/// xcc/runtime/dropout_mask.h's, so tests can recompute it.
Halide::Expr dropoutScale(const TrainContext &c, const kg::Node &n, const std::vector<Halide::Var> &v);

void lowerLabels(TrainContext &c, Stage &s);
void lowerLoss(TrainContext &c, Stage &s);
/// Defines train.metrics from the model's output and the labels.
void lowerMetrics(TrainContext &c);
/// Keras's update of one parameter, elementwise over its flattened elements (a passthrough without a gradient).
Halide::Func lowerUpdate(const kg::Optimizer &opt, const UpdateStep &step);
/// One vector-Jacobian product (a kg::OpKind::Vjp node).
void lowerVjp(TrainContext &c, Stage &s);

// The vector-Jacobian products by family. `f` is the forward layer's stage, `dy` the upstream gradient; each
// defines s.out (and s.acc / s.r when it reduces).
void vjpElementwise(TrainContext &c, Stage &s, Stage &f, const Operand &dy);
void vjpStructure(TrainContext &c, Stage &s, Stage &f, const Operand &dy);
void vjpBatchNorm(TrainContext &c, Stage &s, Stage &f, const Operand &dy);
void vjpDense(TrainContext &c, Stage &s, Stage &f, const Operand &dy);
void vjpConvolution(TrainContext &c, Stage &s, Stage &f, const Operand &dy);
void vjpPool(TrainContext &c, Stage &s, Stage &f, const Operand &dy);
void vjpLoss(TrainContext &c, Stage &s, Stage &f);

/// d loss / d acc of a layer with a fused activation: the upstream gradient times the activation's derivative,
/// which every supported activation expresses through its output. Cached in f.dpre.
Halide::Func gradientBeforeActivation(Stage &f, const Operand &dy);

/// The source pixel a kernel gradient's tap (kx, ky) multiplies at output pixel (px, py) of image `img`.
using TapSource =
    std::function<Halide::Expr(Halide::Expr ci, Halide::Expr px, Halide::Expr py, Halide::Expr img, Halide::Expr kx,
                               Halide::Expr ky)>;
/// A kernel gradient dW(o, ci, kx, ky) = Σ_pixels dUp(o, pixel) · source(ci, pixel, kx, ky) on AMX tiles: one GEMM
/// whose rows are (ci, kx, ky) and whose reduction runs over the batch's pixels, zero-padded to whole tiles. Both
/// operands are transposed copies in bf16: a(k, ci, kx, ky), the source at pixel k, and B, dUp's pixels in pairs.
/// s.out has `rank` dimensions: 4, or 2 for a Dense kernel's (o, ci) (a 1x1 tap over 1x1 images).
void kernelGradientTiles(TrainContext &c, Stage &s, const TapSource &source, const Halide::Func &dUp, int64_t cout,
                         int64_t outW, int64_t outH, const std::string &name, int rank = 4);
/// Σ over every sample and pixel of d(channel, ...) of an activation of `shape`: a bias gradient.
void channelSum(TrainContext &c, Stage &s, const Halide::Func &d, const std::vector<int64_t> &shape,
                const std::string &name);

/// A reduction over every non-channel coordinate of an activation of `shape` (batch extent `batch`): the RDom
/// and the coordinates (c, ...) it visits for channel `c`.
Halide::RDom overSamples(const std::vector<int64_t> &shape, Halide::Expr batch, const std::string &name);
std::vector<Halide::Expr> sampleCoordinates(const Halide::RDom &r, Halide::Expr channel);
/// overSamples for operands paired by image (imagePairs): (image of the pair, x, y, pair) over a `w` x `h` image.
Halide::RDom overImagePairs(int64_t w, int64_t h, Halide::Expr batch, const std::string &name);

} // namespace xcc::hl

#endif // XCC_HALIDE_OPS_H
