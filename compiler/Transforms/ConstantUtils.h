// Reading and creating xnn.constant values, shared by the folding passes.
#ifndef XCC_TRANSFORMS_CONSTANTUTILS_H
#define XCC_TRANSFORMS_CONSTANTUTILS_H

#include "xnn/Xnn.h"

#include "mlir/IR/Builders.h"

#include <optional>
#include <vector>

namespace xcc {

/// The values of `v` if it is produced by an xnn.constant, in row-major order.
std::optional<std::vector<double>> constantValues(mlir::Value v);

/// A new xnn.constant with `values` (rounded to f32), owned by `layer`/`weight`; `foldedFrom` records which
/// layers were folded in (appended to those already recorded on `origin`, if given).
mlir::Value createConstant(mlir::OpBuilder &b, mlir::Location loc, llvm::StringRef layer, llvm::StringRef weight,
                           llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<double> values,
                           llvm::ArrayRef<llvm::StringRef> foldedFrom, mlir::Value origin = {});

/// Erases `op` and then every xnn.constant / xnn.param that it used and that has no other use.
void eraseWithDeadOperands(mlir::Operation *op);

} // namespace xcc

#endif // XCC_TRANSFORMS_CONSTANTUTILS_H
