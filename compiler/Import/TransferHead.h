// `xcc import --head SPEC`: the transfer-learning guide's new model around an imported (cut) base.
//
// SPEC is `;`-separated items, applied in this fixed order whatever order they are written in:
//   rescale=SCALE[,OFFSET]  Rescaling(SCALE, OFFSET) on the raw input; SCALE may be a fraction such as 1/127.5
//   gap                     GlobalAveragePooling2D on the base's output (required)
//   dropout=RATE            Dropout(RATE)
//   dense=UNITS             Dense(UNITS) logits (required); 1 → binary, >1 → sparse categorical cross-entropy
//   threshold=T             BinaryAccuracy(threshold=T) for dense=1 (default 0: logit > 0; 0.5 is Keras's default)
// e.g. "rescale=1/127.5,-1;gap;dropout=0.2;dense=1".
#ifndef XCC_IMPORT_TRANSFERHEAD_H
#define XCC_IMPORT_TRANSFERHEAD_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <string>

namespace xcc {

struct HeadSpec {
  std::optional<double> scale;
  double offset = 0.0;
  std::optional<double> dropout;
  int64_t units = 0;
  double threshold = 0.0; ///< TransferPhaseOptions::binaryThreshold says why
};

/// The parsed spec, or the reason it is not one.
std::optional<HeadSpec> parseHeadSpec(llvm::StringRef spec, std::string &error);

/// Emits, at the insertion point (an xnn.model body): Input(inputShape) → [Rescaling] → base → GAP → [Dropout] →
/// Dense, then the "head" and "fine-tune" phases for sub-model `baseName`. `emitBase` emits the base called with
/// training=False on its argument and returns its output.
mlir::LogicalResult emitTransferModel(mlir::OpBuilder &b, mlir::Location loc, const HeadSpec &spec,
                                      llvm::StringRef baseName, llvm::ArrayRef<int64_t> inputShape,
                                      llvm::function_ref<mlir::FailureOr<mlir::Value>(mlir::Value)> emitBase);

} // namespace xcc

#endif // XCC_IMPORT_TRANSFERHEAD_H
