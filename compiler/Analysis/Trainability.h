// Which layers and parameters train in a phase, with Keras's recursive `trainable` semantics.
#ifndef XCC_ANALYSIS_TRAINABILITY_H
#define XCC_ANALYSIS_TRAINABILITY_H

#include "xnn/Phases.h"
#include "xnn/Xnn.h"

#include "llvm/ADT/DenseMap.h"

#include <string>

namespace xcc {

/// Effective `trainable` of every layer op (sub-models included) and of every parameter in one phase.
///
/// Keras semantics: `model.trainable = v` sets `v` on every layer inside it, recursively; a layer's weights
/// train only if the layer and every model enclosing it are trainable; weights created non-trainable
/// (BatchNormalization's moving statistics) never train. A phase's `set_trainable` entries are applied
/// outermost first, so that `{base = true, block1_conv1 = false}` unfreezes the base but keeps that layer frozen.
class Trainability {
public:
  /// Computes trainability for `phase` (a declared phase or "inference"); fails with a diagnostic naming
  /// the declared phases when `phase` is unknown.
  static mlir::FailureOr<Trainability> compute(xnn::ModelOp model, llvm::StringRef phase);

  bool isLayerTrainable(mlir::Operation *layer) const { return layers.lookup(layer); }
  bool isParamTrainable(xnn::ParamOp param) const { return params.lookup(param); }

  int64_t trainableParamCount() const { return trainableCount; }
  int64_t totalParamCount() const { return totalCount; }

private:
  void visit(mlir::Region &region, bool enclosingTrainable, std::optional<bool> forced, mlir::DictionaryAttr overrides);

  llvm::DenseMap<mlir::Operation *, bool> layers;
  llvm::DenseMap<mlir::Operation *, bool> params;
  int64_t trainableCount = 0, totalCount = 0;
  bool inference = false;
};

/// The names of the phases a model declares, plus "inference", for messages and `--help`.
std::string listPhases(xnn::ModelOp model);

} // namespace xcc

#endif // XCC_ANALYSIS_TRAINABILITY_H
