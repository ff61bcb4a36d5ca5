// The model's variables as Keras 3 saves them, each with the source of its first value, for the manifest.
#ifndef XCC_IMPORT_MODELVARIABLES_H
#define XCC_IMPORT_MODELVARIABLES_H

#include "Lowering/Manifest.h"
#include "xnn/Xnn.h"

namespace xcc {

class ModelWeights;

/// Every variable of `model` in Keras 3's save order (keras3Layout) with its first value's source in phase
/// `phase`, decided as --xcc-materialize-frozen-params decides it: the parameter's initializer, else its entry in
/// `weights` (when given; the entry's own names are recorded), else --random-weights `randomWeights` (>= 0), and
/// the hash of that value. Run before the passes: it reads the parameters. Fails with a diagnostic when a
/// parameter's entry is not in the weights file.
mlir::FailureOr<ModelVariables> modelVariables(xnn::ModelOp model, llvm::StringRef phase, const ModelWeights *weights,
                                               int64_t randomWeights);

} // namespace xcc

#endif // XCC_IMPORT_MODELVARIABLES_H
