// The two compile() calls of the Keras transfer-learning guide, shared by every template and by `xcc import --head`.
#ifndef XCC_MODELS_TRANSFERPHASES_H
#define XCC_MODELS_TRANSFERPHASES_H

#include "mlir/IR/Builders.h"

namespace xcc {

struct TransferPhaseOptions {
  int64_t classes = 1; ///< 1: BinaryCrossentropy on one logit; >1: SparseCategoricalCrossentropy on logits
  double headLearningRate = 1e-3;
  double fineTuneLearningRate = 1e-5;
  /// BinaryAccuracy's threshold on the model output, a logit here. 0 counts p > 0.5, as the runtime's evaluate does,
  /// so fit and evaluate report the same accuracy; Keras's default 0.5 applied to a logit means p > 0.62
  /// (tensorflow/tensorflow#41413), and xcc compile warns about it.
  double binaryThreshold = 0.0;
};

/// Appends xnn.phase "head" (sub-model `baseName` frozen, Adam(headLearningRate)) and "fine-tune" (`baseName`
/// trainable, Adam(fineTuneLearningRate)) with the loss and accuracy metric that fit `classes`.
void addTransferPhases(mlir::OpBuilder &b, mlir::Location loc, llvm::StringRef baseName,
                       const TransferPhaseOptions &options);

} // namespace xcc

#endif // XCC_MODELS_TRANSFERPHASES_H
