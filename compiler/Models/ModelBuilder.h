// Builds xnn graphs the way Keras code reads: one call per layer, parameters created alongside.
// Used by the built-in model templates and, later, by the Keras importers.
#ifndef XCC_MODELS_MODELBUILDER_H
#define XCC_MODELS_MODELBUILDER_H

#include "xnn/Xnn.h"

#include "mlir/IR/Builders.h"

namespace xcc {

/// Where a new layer's parameters get their first values.
enum class ParamSource {
  WeightsFile, ///< read from the weights file under the layer's own names (a pretrained backbone)
  Initializer, ///< Keras's default initializer for that weight (a new head)
};

class ModelBuilder {
public:
  ModelBuilder(mlir::OpBuilder &builder, mlir::Location loc) : b(builder), loc(loc) {}

  /// Parameters of layers created from now on come from `source`.
  void setParamSource(ParamSource s) { source = s; }

  mlir::Value input(llvm::StringRef name, llvm::ArrayRef<int64_t> shapeWithoutBatch);
  mlir::Value rescaling(llvm::StringRef name, mlir::Value x, double scale, double offset);
  mlir::Value conv2d(llvm::StringRef name, mlir::Value x, int64_t filters, int64_t kernel, int64_t stride,
                     xnn::Padding padding, bool useBias);
  mlir::Value separableConv2d(llvm::StringRef name, mlir::Value x, int64_t filters, int64_t kernel,
                              xnn::Padding padding, bool useBias);
  mlir::Value batchNorm(llvm::StringRef name, mlir::Value x, double epsilon);
  mlir::Value activation(llvm::StringRef name, mlir::Value x, xnn::Activation kind);
  mlir::Value maxPool2d(llvm::StringRef name, mlir::Value x, int64_t pool, int64_t stride, xnn::Padding padding);
  mlir::Value add(llvm::StringRef name, mlir::ValueRange xs);
  mlir::Value globalAvgPool2d(llvm::StringRef name, mlir::Value x);
  mlir::Value dropout(llvm::StringRef name, mlir::Value x, double rate);
  mlir::Value dense(llvm::StringRef name, mlir::Value x, int64_t units, bool useBias);

  /// A parameter of layer `layer`; `init` is used only when the source is ParamSource::Initializer.
  mlir::Value param(llvm::StringRef layer, llvm::StringRef weight, llvm::ArrayRef<int64_t> shape,
                    xnn::InitializerKind init, bool nonTrainable = false);

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() const { return loc; }

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  ParamSource source = ParamSource::WeightsFile;
};

/// Channels (last dimension) of an NHWC or NC tensor value.
int64_t channelsOf(mlir::Value x);

} // namespace xcc

#endif // XCC_MODELS_MODELBUILDER_H
