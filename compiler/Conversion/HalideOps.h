// Halide algorithms of the individual layers (inference semantics). Internal to compiler/Conversion.
#ifndef XCC_CONVERSION_HALIDEOPS_H
#define XCC_CONVERSION_HALIDEOPS_H

#include "Conversion/HalideForward.h"

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

// Windowed layers. `kernel`/`bias` are the weight Funcs in Halide order (Keras dims reversed).
void lowerConv2D(Stage &s, const Operand &in, const Halide::Func &kernel, const std::optional<Halide::Func> &bias,
                 const std::vector<int64_t> &kernelShape);
void lowerDepthwise(Stage &s, const Operand &in, const Halide::Func &kernel, const std::optional<Halide::Func> &bias,
                    const std::vector<int64_t> &kernelShape);
void lowerSeparable(Stage &s, const Operand &in, const Halide::Func &dw, const Halide::Func &pw,
                    const std::optional<Halide::Func> &bias, const std::vector<int64_t> &dwShape);
void lowerPool(Stage &s, const Operand &in, bool isMax);
void lowerGlobalPool(Stage &s, const Operand &in, bool isMax);
void lowerDense(Stage &s, const Operand &in, const Halide::Func &kernel, const std::optional<Halide::Func> &bias,
                int64_t units);

// Shape-only and elementwise layers.
void lowerBatchNorm(Stage &s, const Operand &in, const std::vector<std::optional<Halide::Func>> &gammaBetaMeanVar);
void lowerConcatenate(Stage &s, const std::vector<Operand> &ins);
void lowerZeroPadding(Stage &s, const Operand &in);
void lowerReshape(Stage &s, const Operand &in);

} // namespace xcc::hl

#endif // XCC_CONVERSION_HALIDEOPS_H
