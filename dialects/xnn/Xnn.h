// The xnn dialect: one header for its dialect, attributes, interfaces and ops.
#ifndef XNN_XNN_H
#define XNN_XNN_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace xnn {
/// Doubles in attributes print as the shortest decimal that parses back to the same value.
mlir::FailureOr<llvm::APFloat> parseF64Param(mlir::AsmParser &parser);
void printF64Param(mlir::AsmPrinter &printer, const llvm::APFloat &value);
} // namespace xnn

#include "xnn/XnnDialect.h.inc"
#include "xnn/XnnEnums.h.inc"
#define GET_ATTRDEF_CLASSES
#include "xnn/XnnAttrs.h.inc"

namespace xnn {
class ModelOp;
class OutputOp;
class PhaseOp;
} // namespace xnn

#include "xnn/XnnInterfaces.h.inc"
#define GET_OP_CLASSES
#include "xnn/XnnOps.h.inc"

#endif // XNN_XNN_H
