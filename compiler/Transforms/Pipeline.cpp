// The order of xcc's passes, in one place: `xcc compile` runs it stage by stage, xcc-opt as one pipeline.
#include "Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"

namespace xcc {

void addCompilePasses(mlir::OpPassManager &pm, PipelineStage stage, const PipelineOptions &options) {
  switch (stage) {
  case PipelineStage::Phase:
    pm.addPass(createApplyPhase(ApplyPhaseOptions{options.phase}));
    return;
  case PipelineStage::Prepare:
    // Weights are looked up under the Keras names, before inlining prefixes them with the sub-model's name.
    pm.addPass(createMaterializeFrozenParams(
        MaterializeFrozenParamsOptions{options.weightsFile, options.randomWeights, options.randomStyle},
        options.weights));
    pm.addPass(createInlineSubmodels());
    if (!options.fold)
      return;
    pm.addPass(createFoldRescaling());
    pm.addPass(createFoldFrozenBatchNorm());
    pm.addPass(createFoldConstants());
    return;
  case PipelineStage::Forward:
    if (options.fold)
      pm.addPass(createGroupKernels());
    return;
  case PipelineStage::TrainStep:
    pm.addPass(createAutoDiff());
    pm.addPass(createGroupKernels());
    return;
  }
}

namespace {

struct CompilePipelineOptions : mlir::PassPipelineOptions<CompilePipelineOptions> {
  Option<std::string> phase{*this, "phase", llvm::cl::desc("The phase to compile"),
                            llvm::cl::init(xnn::kDefaultPhase)};
  Option<std::string> weightsFile{*this, "weights", llvm::cl::desc("Keras weights file")};
  Option<int64_t> randomWeights{*this, "random-weights", llvm::cl::desc("Seed of random values (-1: off)"),
                                llvm::cl::init(-1)};
  Option<std::string> randomStyle{*this, "random-style", llvm::cl::desc("spread, keras or he"),
                                  llvm::cl::init("spread")};
  Option<bool> trainStep{*this, "train-step", llvm::cl::desc("End with the train step instead of the forward"),
                         llvm::cl::init(false)};
};

} // namespace

void registerCompilePipeline() {
  mlir::PassPipelineRegistration<CompilePipelineOptions>(
      "xcc-compile", "xcc compile's passes for one phase (Transforms/Pipeline.cpp)",
      [](mlir::OpPassManager &pm, const CompilePipelineOptions &o) {
        PipelineOptions options{o.phase, o.weightsFile, o.randomWeights, o.randomStyle};
        for (PipelineStage stage : {PipelineStage::Phase, PipelineStage::Prepare,
                                    o.trainStep ? PipelineStage::TrainStep : PipelineStage::Forward})
          addCompilePasses(pm, stage, options);
      });
}

} // namespace xcc
