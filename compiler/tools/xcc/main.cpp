// xcc: the ahead-of-time compiler driver. `xcc <subcommand> --help` describes each subcommand.
#include "Analysis/Trainability.h"
#include "Codegen/ForwardArtifact.h"
#include "Codegen/Target.h"
#include "Commands.h"
#include "Support/CompileCache.h"
#include "Support/TimeReport.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <iostream>

namespace cl = llvm::cl;

// xcc's own options; `--help` hides the hundreds that LLVM and MLIR register in the same process.
static cl::OptionCategory xccOptions("xcc options");

static cl::SubCommand summaryCmd("summary", "Print the model like Keras's model.summary(show_trainable=True)");
static cl::SubCommand newCmd("new", "Write a built-in model template as .mlir");
static cl::SubCommand compileCmd("compile", "Compile a model's phase to native code (static library, header, "
                                            "manifest)");
static cl::SubCommand importCmd("import", "Turn a Keras model (.keras, full-model .h5, tfjs model.json, Keras 3 "
                                          "config.json) into model.mlir");

static cl::opt<std::string> modelInput(cl::Positional, cl::Required, cl::desc("<model.mlir>"), cl::sub(summaryCmd),
                                       cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> phase("phase",
                                  cl::desc("Training phase: a phase the model declares (the examples declare "
                                           "'head' and 'fine-tune') or 'inference'"),
                                  cl::init(xnn::kDefaultPhase), cl::sub(summaryCmd), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<bool> expandNested("expand-nested", cl::desc("List the layers inside nested models"),
                                  cl::sub(summaryCmd), cl::cat(xccOptions));

static cl::opt<std::string> templateName(cl::Positional, cl::Required, cl::desc("<template: xception-transfer>"),
                                         cl::sub(newCmd), cl::cat(xccOptions));
static cl::opt<std::string> output("o", cl::desc("Output file ('-' for stdout) for 'new' and 'import'; output folder for 'compile'"),
                                   cl::sub(newCmd), cl::sub(compileCmd), cl::sub(importCmd), cl::cat(xccOptions));
static cl::opt<std::string> emit("emit", cl::desc("What to produce: mlir (the dialect after the passes, on stdout), "
                                                  "halide (Halide's statement form), object (default: library, "
                                                  "header, manifest), manifest (manifest.json on stdout, no code "
                                                  "generated), kernel-graph (the kernel graph handed to "
                                                  "Halide, as JSON on stdout), reference-graph (the unfolded graph "
                                                  "and its constants, for reference checks)"),
                                 cl::init("object"), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> weights("weights", cl::desc("Keras weights file for the parameters that name one"),
                                    cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<int64_t> randomWeights("random-weights",
                                      cl::desc("Use seeded random values instead of a weights file"),
                                      cl::init(-1), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> randomStyle("random-style",
                                        cl::desc("What --random-weights draws: spread (default; testing: values "
                                                 "that make every op visible), keras (each weight's Keras "
                                                 "default initializer, as a model built with weights=None) or he "
                                                 "(He normal per output's fan-in, identity BatchNormalization: a "
                                                 "random base whose features neither vanish nor saturate)"),
                                        cl::init("spread"), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> target("target", cl::desc("Halide target (default: the pinned AVX-512 target; docs/cli.md)"),
                                   cl::init(xcc::kDefaultTarget), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> dtypePolicy("dtype-policy",
                                        cl::desc("Keras mixed-precision policy, in place of the model's "
                                                 "dtype_policy: float32 or mixed_bfloat16 (docs/mixed-precision.md)"),
                                        cl::sub(summaryCmd), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> symbolSuffix("symbol-suffix",
                                         cl::desc("Append _SUFFIX to every generated symbol: variants of one phase for "
                                                  "several CPUs in one program (xcc_add_model's TARGETS)"),
                                         cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<bool> allowCross("allow-cross-target", cl::desc("Build for a target this machine cannot run"),
                                cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<int64_t> sliceNodes("train-slice-nodes",
                                   cl::desc("Backward nodes per pipeline of a train step (small values "
                                            "exercise the cuts in tests)"),
                                   cl::init(xcc::kDefaultSliceNodes), cl::Hidden, cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<bool> noSharedKernels("no-shared-kernels",
                                      cl::desc("Compile every copy of a repeated block of a train step on its own "
                                               "(default: the copies call one kernel)"),
                                      cl::Hidden, cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<unsigned> jobs("j", cl::desc("Compile worker processes (default: one per core this process may use)"), cl::Prefix,
                              cl::init(0), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<std::string> cacheDir("cache-dir", cl::desc("Compile cache folder (default $XCC_CACHE_DIR, else "
                                                           "$XDG_CACHE_HOME/xcc or ~/.cache/xcc)"),
                                    cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<bool> noCache("no-cache", cl::desc("Neither use nor fill the compile cache"), cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<bool> timeReport("time-report", cl::desc("Print the wall time of each compile stage (also "
                                                        "XCC_TIME_REPORT=1)"),
                                cl::sub(compileCmd), cl::cat(xccOptions));
static cl::opt<int64_t> imageSize("image-size", cl::desc("Square input size"), cl::init(150), cl::sub(newCmd), cl::cat(xccOptions));
static cl::opt<int64_t> classes("classes", cl::desc("1: Dense(1) logits with binary cross-entropy; N > 1: Dense(N) "
                                                    "with sparse categorical cross-entropy"),
                                cl::init(1), cl::sub(newCmd), cl::cat(xccOptions));

static cl::opt<std::string> importInput(cl::Positional, cl::Required, cl::desc("<keras model file>"),
                                        cl::sub(importCmd), cl::cat(xccOptions));
static cl::opt<std::string> cutAt("cut-at", cl::desc("Keep the model up to this layer, whose output becomes the "
                                                     "model's output"),
                                  cl::sub(importCmd), cl::cat(xccOptions));
static cl::opt<std::string> head("head", cl::desc("Wrap the model as a frozen base under a new head, e.g. "
                                                  "\"rescale=1/127.5,-1;gap;dropout=0.2;dense=1\" (items: "
                                                  "rescale=SCALE[,OFFSET], gap, dropout=RATE, dense=UNITS, threshold=T)"),
                                 cl::sub(importCmd), cl::cat(xccOptions));
static cl::opt<std::string> inputShape("input-shape", cl::desc("Replace the saved input shape, e.g. 96,96,3 (the "
                                                              "same channels; refused when a Flatten or Reshape of "
                                                              "a feature map is kept)"),
                                       cl::sub(importCmd), cl::cat(xccOptions));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  for (cl::SubCommand *sub : {&cl::SubCommand::getTopLevel(), &summaryCmd, &newCmd, &compileCmd, &importCmd})
    cl::HideUnrelatedOptions(xccOptions, *sub);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "xcc " XCC_VERSION "\nbuilt with LLVM/MLIR " XCC_LLVM_VERSION " and Halide " XCC_HALIDE_VERSION "\n";
  });
  cl::ParseCommandLineOptions(argc, argv, "xcc: ahead-of-time compiler for Keras-style transfer learning\n");
  mlir::MLIRContext ctx;
  if (summaryCmd)
    return xcc::runSummary(ctx, {modelInput, phase, expandNested, dtypePolicy});
  if (compileCmd) {
    auto parsed = xcc::parseEmit(emit);
    if (auto *why = std::get_if<std::string>(&parsed)) {
      llvm::errs() << "xcc: error: " << *why << "\n";
      return 1;
    }
    const char *env = std::getenv("XCC_TIME_REPORT");
    if (timeReport || (env && std::string(env) == "1"))
      xcc::TimeReport::get().enable();
    int status = xcc::runCompile(ctx, {modelInput, phase, output.empty() ? std::string("out") : std::string(output),
                                       std::get<xcc::Emit>(parsed), weights, randomWeights, randomStyle, target,
                                       allowCross, sliceNodes, !noSharedKernels, jobs,
                                       noCache ? std::string()
                                       : cacheDir.empty() ? xcc::CompileCache::defaultFolder().string()
                                                          : std::string(cacheDir),
                                       symbolSuffix, dtypePolicy});
    if (xcc::TimeReport::get().enabled())
      xcc::TimeReport::get().print(std::cerr);
    return status;
  }
  if (newCmd)
    return xcc::runNewModel(ctx, {templateName, output.empty() ? std::string("-") : std::string(output), imageSize,
                                  classes});
  if (importCmd)
    return xcc::runImport(ctx, {importInput, output.empty() ? std::string("-") : std::string(output), cutAt, head,
                           inputShape});
  llvm::errs() << "xcc: error: no subcommand given; run 'xcc --help'\n";
  return 1;
}
