// The xcc passes. One file per pass; the pipeline that orders them is in Pipeline.cpp.
#ifndef XCC_TRANSFORMS_PASSES_H
#define XCC_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include <memory>
#include <string>

namespace xcc {

class ModelWeights;

#define GEN_PASS_DECL
#include "Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Transforms/Passes.h.inc"

/// --xcc-materialize-frozen-params with the weights file already loaded (xcc compile also records each
/// parameter's entry in the manifest, and an 84 MB file is worth reading once).
std::unique_ptr<mlir::Pass> createMaterializeFrozenParams(const MaterializeFrozenParamsOptions &options,
                                                         std::shared_ptr<const ModelWeights> weights);

/// What `xcc compile` runs before code generation, for one phase.
struct PipelineOptions {
  std::string phase = "head";
  std::string weightsFile;
  int64_t randomWeights = -1;
  std::string randomStyle = "spread";
  bool fold = true; ///< false: stop before folding, for the reference checks of what the model computes
  bool group = true; ///< false: stop before --xcc-group-kernels (buildTrainStepPipeline goes on from there)
  std::shared_ptr<const ModelWeights> weights; ///< weightsFile, already loaded (optional)
};
void buildForwardPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
/// From where buildForwardPipeline(group = false) stopped: the train step, derived and grouped.
void buildTrainStepPipeline(mlir::OpPassManager &pm);

} // namespace xcc

#endif // XCC_TRANSFORMS_PASSES_H
