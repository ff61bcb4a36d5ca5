// The model's variables as Keras 3 saves them, each with the source of its first value, for the manifest.
#ifndef XCC_WEIGHTS_MODELVARIABLES_H
#define XCC_WEIGHTS_MODELVARIABLES_H

#include "KernelGraph/Manifest.h"
#include "Weights/ParamSource.h"
#include "xnn/Xnn.h"

namespace xcc {

/// Every variable of `model` in Keras 3's save order (keras3Layout) with its first value's source
/// (resolveParamSource: the entry's own names for a weights file) and the hash of that value. Run after
/// --xcc-apply-phase and before the parameters are materialized. Fails with a diagnostic when a parameter's entry
/// is not in the weights file.
mlir::FailureOr<ModelVariables> modelVariables(xnn::ModelOp model, const ModelWeights *weights,
                                               const RandomWeights &random);

} // namespace xcc

#endif // XCC_WEIGHTS_MODELVARIABLES_H
