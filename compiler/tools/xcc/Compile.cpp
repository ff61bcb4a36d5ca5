// xcc compile: passes, then Halide code generation, written atomically into the output folder.
#include "Commands.h"
#include "ModelLoading.h"

#include "Codegen/EntryPoint.h"
#include "Codegen/ForwardArtifact.h"
#include "Codegen/Target.h"
#include "Import/ModelVariables.h"
#include "Import/ModelWeights.h"
#include "Lowering/ExportGraph.h"
#include "Lowering/FrozenPrefix.h"
#include "Lowering/GraphIO.h"
#include "Lowering/Manifest.h"
#include "Transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <exception>
#include <optional>

using namespace mlir;

namespace xcc {
namespace {

std::string sanitize(std::string s) {
  for (char &c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      c = '_';
  return s;
}

int fail(const std::string &message) {
  llvm::errs() << "xcc: error: " << message << "\n";
  return 1;
}

/// The unfolded graph and its constants, so that tests can run the plain reference on what the model computes.
int writeReferenceGraph(const kg::Graph &graph, const CompileArgs &args) {
  try {
    StagingDir out(args.outDir);
    std::string blob;
    out.write("reference_graph.json", kg::toJson(graph, blob));
    out.write("reference_graph.bin", blob);
    for (const auto &file : out.commit())
      llvm::outs() << "wrote " << file.string() << "\n";
  } catch (const std::exception &e) {
    return fail(e.what());
  }
  return 0;
}

/// Splits the train step (and, at the same layer, the forward graph) after the frozen prefix when the phase has
/// one (Lowering/FrozenPrefix.h), and records it for the manifest.
void splitFrozenPrefix(const kg::Graph &forward, const kg::Graph &train, ArtifactInfo &info,
                       std::optional<kg::FrozenSplit> &trainSplit, std::optional<kg::FrozenSplit> &forwardSplit) {
  std::optional<int> boundary = kg::frozenBoundary(train);
  if (!boundary)
    return;
  trainSplit = kg::splitAt(train, *boundary);
  std::optional<int> same = kg::findLayerNode(forward, trainSplit->layer, trainSplit->kind);
  if (!same)
    throw std::runtime_error("the forward graph has no layer '" + trainSplit->layer + "' to split at");
  forwardSplit = kg::splitAt(forward, *same);
  info.featuresLayer = trainSplit->layer;
  info.featuresShape = train.nodes[size_t(*boundary)].shape;
}

} // namespace

int runCompile(MLIRContext &ctx, const CompileArgs &args) {
  if (args.emit != "mlir" && args.emit != "halide" && args.emit != "object" && args.emit != "reference-graph" &&
      args.emit != "manifest")
    return fail("--emit must be one of mlir, halide, object, manifest, reference-graph; got '" + args.emit + "'");
  if (std::string why = checkTarget(args.target, args.allowCrossTarget); !why.empty())
    return fail(why);
  if (std::string why = checkRandomStyle(args.randomStyle); !why.empty())
    return fail(why);

  ModelFile file(ctx);
  auto model = file.load(args.input);
  if (failed(model))
    return 1;
  std::string modelName = model->getSymName().str();

  // The weights file is read once: for the frozen constants and for the manifest's record of every variable.
  std::shared_ptr<const ModelWeights> weights;
  if (!args.weights.empty()) {
    try {
      weights = std::make_shared<ModelWeights>(*model, args.weights);
    } catch (const std::exception &e) {
      file.module().emitError("cannot use weights: ") << e.what();
      return 1;
    }
  }
  FailureOr<ModelVariables> variables = modelVariables(*model, args.phase, weights.get(),
                                                              RandomWeights{args.randomWeights, args.randomStyle});
  if (failed(variables))
    return 1;

  bool reference = args.emit == "reference-graph";
  bool training = args.phase != "inference" && !reference;
  {
    PassManager pm(&ctx);
    PipelineOptions options{args.phase, args.weights, args.randomWeights, args.randomStyle, /*fold=*/!reference,
                            /*group=*/false};
    options.weights = weights;
    buildForwardPipeline(pm, options);
    if (failed(pm.run(file.module())))
      return 1;
  }
  // A training phase compiles twice from here: the forward function (predict/evaluate) and the train step.
  OwningOpRef<ModuleOp> trainModule = training ? file.module().clone() : OwningOpRef<ModuleOp>();
  {
    PassManager pm(&ctx);
    if (!reference)
      pm.addPass(createGroupKernels());
    if (failed(pm.run(file.module())))
      return 1;
  }
  if (training) {
    PassManager pm(&ctx);
    buildTrainStepPipeline(pm);
    if (failed(pm.run(*trainModule)))
      return 1;
  }
  if (args.emit == "mlir") {
    (training ? *trainModule : file.module()).print(llvm::outs(), OpPrintingFlags().elideLargeElementsAttrs(16));
    return 0;
  }
  auto graph = exportGraph(*file.module().getOps<xnn::ModelOp>().begin());
  if (failed(graph))
    return 1;
  if (reference)
    return writeReferenceGraph(*graph, args);
  FailureOr<kg::Graph> trainGraph = kg::Graph();
  if (training && failed(trainGraph = exportGraph(*trainModule->getOps<xnn::ModelOp>().begin())))
    return 1;

  ArtifactEmit emit;
  emit.function = sanitize(modelName + "_" + args.phase) + "_forward"; // one artifact per phase
  ArtifactInfo info{modelName, args.phase, emit.function, args.target};
  if (training)
    info.trainFunction = sanitize(modelName + "_" + args.phase) + "_train";
  std::optional<kg::FrozenSplit> trainSplit, forwardSplit;
  try {
    if (training)
      splitFrozenPrefix(*graph, *trainGraph, info, trainSplit, forwardSplit);
  } catch (const std::exception &e) {
    return fail("compiling '" + args.input + "': " + e.what());
  }
  if (args.emit == "manifest") {
    llvm::outs() << manifestJson(*graph, info, training ? &*trainGraph : nullptr, &*variables);
    return 0;
  }
  emit.target = args.target;
  emit.library = args.emit == "object";
  emit.stmt = args.emit == "halide";
  ArtifactEmit trainEmit = emit;
  trainEmit.function = info.trainFunction;
  trainEmit.sliceNodes = size_t(std::max<int64_t>(1, args.trainSliceNodes));
  // One Halide runtime per artifact, in the library linked last: the train step's when there is one.
  emit.runtime = !training;
  try {
    StagingDir out(args.outDir);
    emitForward(*graph, emit, out);
    std::optional<TrainPlanInfo> plan;
    if (trainSplit) {
      PrefixGraphs prefix{forwardSplit->prefix, forwardSplit->rest};
      plan = emitTrainStep(trainSplit->rest, trainEmit, out, &prefix);
    } else if (training) {
      plan = emitTrainStep(*trainGraph, trainEmit, out);
    }
    if (emit.library) {
      std::string manifest = manifestJson(*graph, info, training ? &*trainGraph : nullptr, &*variables);
      out.write("manifest.json", manifest);
      out.write(entryPointFile(emit.function), entryPointSource(emit.function, plan ? &*plan : nullptr, manifest));
    }
    for (const auto &file : out.commit())
      llvm::outs() << "wrote " << file.string() << "\n";
  } catch (const std::exception &e) {
    return fail("compiling '" + args.input + "': " + e.what());
  }
  return 0;
}

} // namespace xcc
