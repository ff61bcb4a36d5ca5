// The order of xcc's passes, in one place.
#include "Transforms/Passes.h"

namespace xcc {

void buildForwardPipeline(mlir::OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createApplyPhase(ApplyPhaseOptions{options.phase}));
  // Weights are looked up under the Keras names, before inlining prefixes them with the sub-model's name.
  pm.addPass(createMaterializeFrozenParams(MaterializeFrozenParamsOptions{options.weightsFile, options.randomWeights,
                                                                          options.randomStyle},
                                           options.weights));
  pm.addPass(createInlineSubmodels());
  if (!options.fold)
    return;
  pm.addPass(createFoldRescaling());
  pm.addPass(createFoldFrozenBatchNorm());
  pm.addPass(createFoldConstants());
  if (options.group)
    pm.addPass(createGroupKernels());
}

void buildTrainStepPipeline(mlir::OpPassManager &pm) {
  pm.addPass(createAutoDiff());
  pm.addPass(createGroupKernels());
}

} // namespace xcc
