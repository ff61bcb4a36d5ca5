// `xcc import`: a Keras functional graph → an xnn.model, optionally cut and wrapped in a new head.
#ifndef XCC_IMPORT_KERASIMPORT_H
#define XCC_IMPORT_KERASIMPORT_H

#include "Import/KerasSource.h"
#include "Import/TransferHead.h"

#include "mlir/IR/BuiltinOps.h"

namespace xcc {

struct ImportOptions {
  std::string cutAt;           ///< a top-level layer whose output becomes the model's output ("" keeps all)
  std::optional<HeadSpec> head; ///< wrap the (cut) model as the base of the guide's model
  /// (H, W, C) replacing the saved input shape, as Keras's applications accept any size for a conv-only base.
  /// C must stay the saved one (the first kernels depend on it); a Flatten or Reshape of a feature map that still
  /// has its spatial dimensions is refused, since the weights after it depend on H and W.
  std::optional<llvm::SmallVector<int64_t>> inputShape;
};

/// Builds the module. Layers xcc cannot express are all reported in one error; every failure is a diagnostic
/// (the caller's handler adds the file name) and a failure result.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> importKeras(mlir::MLIRContext &ctx, KerasSource &source,
                                                              const ImportOptions &options);

} // namespace xcc

#endif // XCC_IMPORT_KERASIMPORT_H
