// The gradient rules of every xnn op, in one table: which operands are differentiable and how the gradient
// reaches them. Autodiff (AutoDiff.cpp) reads only this table.
#ifndef XCC_TRANSFORMS_GRADIENTRULES_H
#define XCC_TRANSFORMS_GRADIENTRULES_H

#include "mlir/IR/Operation.h"

#include <string>
#include <vector>

namespace xcc {

enum class GradientKind {
  None,     ///< not differentiable (moving statistics, labels)
  Identity, ///< the upstream gradient itself (xnn.add)
  Vjp,      ///< an xnn.vjp of the op with respect to this operand
};

struct OperandGradient {
  std::string name; ///< the operand's name in the rule table ("input", "kernel", "gamma", ...)
  GradientKind kind;
};

/// One entry per operand of `op`, or an empty vector when `op` has no gradient rule (e.g. xnn.input).
std::vector<OperandGradient> gradientRule(mlir::Operation *op);

} // namespace xcc

#endif // XCC_TRANSFORMS_GRADIENTRULES_H
