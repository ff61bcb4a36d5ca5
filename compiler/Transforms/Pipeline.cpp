// The order of xcc's passes, in one place.
#include "Transforms/Passes.h"

namespace xcc {

void buildForwardPipeline(mlir::OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createApplyPhase(ApplyPhaseOptions{options.phase}));
  pm.addPass(createInlineSubmodels());
  pm.addPass(createMaterializeFrozenParams(
      MaterializeFrozenParamsOptions{options.weightsFile, options.randomWeights}));
  if (!options.fold)
    return;
  pm.addPass(createFoldRescaling());
  pm.addPass(createFoldFrozenBatchNorm());
}

} // namespace xcc
