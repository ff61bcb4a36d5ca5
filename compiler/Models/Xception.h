// Built-in model templates: Keras application graphs written out in the dialect.
#ifndef XCC_MODELS_XCEPTION_H
#define XCC_MODELS_XCEPTION_H

#include "xnn/Xnn.h"

#include "mlir/IR/BuiltinOps.h"

namespace xcc {

struct TransferOptions {
  int64_t imageSize = 150;  ///< square input side, as `keras.Input(shape=(N, N, 3))`
  int64_t classes = 1;      ///< 1: Dense(1) logits + BinaryCrossentropy; >1: SparseCategoricalCrossentropy
  double dropout = 0.2;
  double headLearningRate = 1e-3;
  double fineTuneLearningRate = 1e-5;
};

/// The Keras transfer-learning guide's model: Input → Rescaling(1/127.5, -1) → Xception(include_top=False)
/// called with training=False → GlobalAveragePooling2D → Dropout → Dense logits, with the guide's two phases
/// ("head": base frozen, Adam(1e-3); "fine-tune": base trainable, BN still in inference mode, Adam(1e-5)).
/// Layer names follow keras.applications.xception, and Keras 3's auto-names for the unnamed residual layers.
mlir::OwningOpRef<mlir::ModuleOp> buildXceptionTransfer(mlir::MLIRContext &ctx, const TransferOptions &options);

} // namespace xcc

#endif // XCC_MODELS_XCEPTION_H
