// xcc compile: load -> plan (the passes) -> export (kernel graphs) -> emit (Halide code generation, written
// atomically into the output folder).
#include "Commands.h"
#include "Load/ModelLoading.h"

#include "Codegen/ForwardArtifact.h"
#include "Codegen/Target.h"
#include "Export/ExportGraph.h"
#include "KernelGraph/EntryPoint.h"
#include "KernelGraph/FrozenPrefix.h"
#include "KernelGraph/GraphIO.h"
#include "KernelGraph/Manifest.h"
#include "Support/CompileCache.h"
#include "Support/TimeReport.h"
#include "Transforms/Passes.h"
#include "Weights/ModelVariables.h"
#include "Weights/ModelWeights.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <exception>
#include <optional>

using namespace mlir;

namespace xcc {
namespace {

constexpr std::pair<Emit, const char *> kEmitNames[] = {
    {Emit::Mlir, "mlir"},         {Emit::Halide, "halide"},           {Emit::Object, "object"},
    {Emit::Manifest, "manifest"}, {Emit::KernelGraph, "kernel-graph"}, {Emit::ReferenceGraph, "reference-graph"}};

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

/// The model after the passes: the forward function in the loaded module, the train step in its own.
struct CompilePlan {
  ModelVariables variables;
  OwningOpRef<ModuleOp> trainStep; ///< training phases only
};

LogicalResult runStage(ModuleOp module, PipelineStage stage, const PipelineOptions &options) {
  static const char *const kNames[] = {"phase", "prepare", "forward", "train step"};
  TimeReport::Scope time(std::string("MLIR passes: ") + kNames[int(stage)]);
  PassManager pm(module.getContext());
  addCompilePasses(pm, stage, options);
  return pm.run(module);
}

/// Runs the passes (Transforms/Pipeline.cpp), reading every variable's source between the phase and the rest.
FailureOr<CompilePlan> plan(ModuleOp module, const CompileArgs &args, bool training,
                            std::shared_ptr<const ModelWeights> weights) {
  PipelineOptions options{args.phase, args.weights, args.randomWeights, args.randomStyle,
                          /*fold=*/args.emit != Emit::ReferenceGraph, weights};
  CompilePlan plan;
  if (failed(runStage(module, PipelineStage::Phase, options)))
    return failure();
  FailureOr<ModelVariables> variables = modelVariables(*module.getOps<xnn::ModelOp>().begin(), weights.get(),
                                                       RandomWeights{args.randomWeights, args.randomStyle});
  if (failed(variables) || failed(runStage(module, PipelineStage::Prepare, options)))
    return failure();
  plan.variables = std::move(*variables);
  if (training) {
    plan.trainStep = module.clone();
    if (failed(runStage(*plan.trainStep, PipelineStage::TrainStep, options)))
      return failure();
  }
  if (failed(runStage(module, PipelineStage::Forward, options)))
    return failure();
  return plan;
}

/// The kernel graphs of a phase: the forward function's and, for a training phase, the train step's, each split
/// after the frozen prefix when the phase has one (KernelGraph/FrozenPrefix.h).
struct ExportedGraphs {
  kg::Graph forward;
  std::optional<kg::Graph> train;
  std::optional<kg::FrozenSplit> trainSplit, forwardSplit;
};

FailureOr<kg::Graph> exportModule(ModuleOp module) {
  TimeReport::Scope time("kernel-graph export");
  return exportGraph(*module.getOps<xnn::ModelOp>().begin());
}

/// Throws std::runtime_error when the forward graph has no layer to split at where the train step has one.
void splitFrozenPrefix(ExportedGraphs &g, ArtifactInfo &info) {
  std::optional<int> boundary = kg::frozenBoundary(*g.train);
  if (!boundary)
    return;
  g.trainSplit = kg::splitAt(*g.train, *boundary);
  std::optional<int> same = kg::findLayerNode(g.forward, g.trainSplit->layer, g.trainSplit->kind);
  if (!same)
    throw std::runtime_error("the forward graph has no layer '" + g.trainSplit->layer + "' to split at");
  g.forwardSplit = kg::splitAt(g.forward, *same);
  info.featuresLayer = g.trainSplit->layer;
  info.featuresShape = g.train->nodes[size_t(*boundary)].shape;
}

/// Writes `files` (name, contents) atomically into the output folder and lists them.
int writeFiles(const CompileArgs &args, const std::vector<std::pair<std::string, std::string>> &files) {
  try {
    StagingDir out(args.outDir);
    for (const auto &[name, text] : files)
      out.write(name, text);
    for (const auto &file : out.commit())
      llvm::outs() << "wrote " << file.string() << "\n";
  } catch (const std::exception &e) {
    return fail(e.what());
  }
  return 0;
}

/// The unfolded graph and its constants, so that tests can run the plain reference on what the model computes.
int writeReferenceGraph(const kg::Graph &graph, const CompileArgs &args) {
  std::string blob;
  std::string json = kg::toJson(graph, blob);
  return writeFiles(args, {{"reference_graph.json", json}, {"reference_graph.bin", blob}});
}

/// What determines the generated libraries besides the emit options (Codegen adds those): the compiler and the
/// modules after the passes, printed with their large constants elided and those constants' bytes hashed as
/// they are.
std::string graphsKey(ModuleOp forward, const OwningOpRef<ModuleOp> &train) {
  TimeReport::Scope time("compile cache key");
  KeyHasher key;
  key.add(compilerIdentity());
  for (ModuleOp module : {forward, train ? *train : ModuleOp()}) {
    if (!module)
      continue;
    std::string text;
    llvm::raw_string_ostream os(text);
    module.print(os, OpPrintingFlags().elideLargeElementsAttrs(16));
    key.add(os.str());
    module.walk([&](xnn::ConstantOp c) {
      ArrayRef<char> raw = cast<DenseElementsAttr>(c.getValue()).getRawData();
      key.add(raw.data(), raw.size());
    });
  }
  return key.hex();
}

/// Halide code generation of the phase's artifact: the forward library, the train step's, manifest and entry
/// point.
void emitArtifact(const ExportedGraphs &g, const ArtifactInfo &info, const CompilePlan &plan,
                  const CompileArgs &args, const std::string &cacheKey) {
  ArtifactEmit emit;
  emit.target = args.target;
  emit.library = args.emit == Emit::Object;
  emit.stmt = args.emit == Emit::Halide;
  emit.sliceNodes = size_t(std::max<int64_t>(1, args.trainSliceNodes));
  emit.shareRepeats = args.sharedKernels;
  emit.jobs = args.jobs;
  emit.cacheFolder = args.cacheFolder;
  emit.cacheKey = cacheKey;
  ArtifactGraphs graphs{info.function, g.forward};
  std::optional<PrefixGraphs> prefix;
  if (g.trainSplit) {
    prefix.emplace(PrefixGraphs{g.forwardSplit->prefix, g.forwardSplit->rest});
    graphs.trainStep = &g.trainSplit->rest;
    graphs.prefix = &*prefix;
  } else if (g.train) {
    graphs.trainStep = &*g.train;
  }
  graphs.trainFunction = info.trainFunction;
  StagingDir out(args.outDir);
  ArtifactPlans plans = emitArtifact(graphs, emit, out);
  if (emit.library) {
    TimeReport::Scope time("manifest and entry point");
    ArtifactInfo compiled = info;
    compiled.matmul = plans.matmul;
    std::string manifest = manifestJson(g.forward, compiled, g.train ? &*g.train : nullptr, &plan.variables);
    out.write("manifest.json", manifest);
    out.write(entryPointFile(info.function),
              entryPointSource(info.function, plans.train ? &*plans.train : nullptr, plans.driven, manifest));
  }
  for (const auto &file : out.commit())
    llvm::outs() << "wrote " << file.string() << "\n";
}

} // namespace

const char *emitName(Emit emit) {
  for (const auto &[e, name] : kEmitNames)
    if (e == emit)
      return name;
  return "?";
}

std::variant<Emit, std::string> parseEmit(const std::string &name) {
  std::string names;
  for (const auto &[e, spelling] : kEmitNames) {
    if (name == spelling)
      return e;
    names += (names.empty() ? "" : ", ") + std::string(spelling);
  }
  return "--emit must be one of " + names + "; got '" + name + "'";
}

int runCompile(MLIRContext &ctx, const CompileArgs &args) {
  if (std::string why = checkTarget(args.target, args.allowCrossTarget); !why.empty())
    return fail(why);
  if (std::string why = checkRandomStyle(args.randomStyle); !why.empty())
    return fail(why);

  ModelFile file(ctx);
  auto model = file.load(args.input, args.dtypePolicy);
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

  bool reference = args.emit == Emit::ReferenceGraph;
  bool training = args.phase != xnn::kInferencePhase && !reference;
  FailureOr<CompilePlan> planned = plan(file.module(), args, training, weights);
  if (failed(planned))
    return 1;
  if (args.emit == Emit::Mlir) {
    (training ? *planned->trainStep : file.module()).print(llvm::outs(), OpPrintingFlags().elideLargeElementsAttrs(16));
    return 0;
  }

  ExportedGraphs graphs;
  FailureOr<kg::Graph> forward = exportModule(file.module());
  if (failed(forward))
    return 1;
  graphs.forward = std::move(*forward);
  if (reference)
    return writeReferenceGraph(graphs.forward, args);
  if (training) {
    FailureOr<kg::Graph> train = exportModule(*planned->trainStep);
    if (failed(train))
      return 1;
    graphs.train = std::move(*train);
  }
  if (args.emit == Emit::KernelGraph) {
    llvm::outs() << kg::toListing(graphs.train ? *graphs.train : graphs.forward);
    return 0;
  }

  // One artifact per phase (and per CPU variant of it, with a suffix).
  std::string phaseName =
      sanitize(modelName + "_" + args.phase + (args.symbolSuffix.empty() ? "" : "_" + args.symbolSuffix));
  ArtifactInfo info{modelName, args.phase, phaseName + "_forward", args.target};
  if (training)
    info.trainFunction = phaseName + "_train";
  try {
    if (training)
      splitFrozenPrefix(graphs, info);
    if (args.emit == Emit::Manifest) {
      llvm::outs() << manifestJson(graphs.forward, info, graphs.train ? &*graphs.train : nullptr,
                                   &planned->variables);
      return 0;
    }
    emitArtifact(graphs, info, *planned, args,
                 args.cacheFolder.empty() ? std::string() : graphsKey(file.module(), planned->trainStep));
  } catch (const std::exception &e) {
    return fail("compiling '" + args.input + "': " + e.what());
  }
  return 0;
}

} // namespace xcc
