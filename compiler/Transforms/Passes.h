// The xcc passes. One file per pass; the pipeline that orders them is in Pipeline.cpp.
#ifndef XCC_TRANSFORMS_PASSES_H
#define XCC_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include "xnn/Phases.h"

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

/// What `xcc compile` runs for one phase.
struct PipelineOptions {
  std::string phase = xnn::kDefaultPhase;
  std::string weightsFile;
  int64_t randomWeights = -1;
  std::string randomStyle = "spread";
  bool fold = true; ///< false: stop before folding, for the reference checks of what the model computes
  std::shared_ptr<const ModelWeights> weights; ///< weightsFile, already loaded (optional)
};

/// `xcc compile`'s passes in stages, so that between them the compiler can read the model's variables (after
/// Phase: parameters say whether they train and still name their weights) and clone the model for the train
/// step (after Prepare):
///   Phase      --xcc-apply-phase
///   Prepare    --xcc-materialize-frozen-params, --xcc-inline-submodels, then (fold) --xcc-fold-rescaling,
///              --xcc-fold-frozen-batch-norm, --xcc-fold-constants
///   Forward    (fold) --xcc-group-kernels: the forward function (predict, evaluate)
///   TrainStep  --xcc-autodiff, --xcc-group-kernels: the train step, on a clone of Prepare's result
enum class PipelineStage { Phase, Prepare, Forward, TrainStep };
void addCompilePasses(mlir::OpPassManager &pm, PipelineStage stage, const PipelineOptions &options);

/// xcc-opt's --xcc-compile="phase=P train-step=B ...": every stage in order, ending with the forward function or
/// the train step, as `xcc compile --emit=mlir` prints it.
void registerCompilePipeline();

} // namespace xcc

#endif // XCC_TRANSFORMS_PASSES_H
