// xcc: the ahead-of-time compiler driver. `xcc <subcommand> --help` describes each subcommand.
#include "Analysis/Trainability.h"
#include "Commands.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

static cl::SubCommand summaryCmd("summary", "Print the model like Keras's model.summary(show_trainable=True)");
static cl::SubCommand newCmd("new", "Write a built-in model template as .mlir");

static cl::opt<std::string> summaryInput(cl::Positional, cl::Required, cl::desc("<model.mlir>"), cl::sub(summaryCmd));
static cl::opt<std::string> phase("phase",
                                  cl::desc("Training phase: a phase the model declares (the examples declare "
                                           "'head' and 'fine-tune') or 'inference'"),
                                  cl::init(xcc::kDefaultPhase), cl::sub(summaryCmd));
static cl::opt<bool> expandNested("expand-nested", cl::desc("List the layers inside nested models"),
                                  cl::sub(summaryCmd));

static cl::opt<std::string> templateName(cl::Positional, cl::Required, cl::desc("<template: xception-transfer>"),
                                         cl::sub(newCmd));
static cl::opt<std::string> output("o", cl::desc("Output file ('-' for stdout)"), cl::init("-"), cl::sub(newCmd));
static cl::opt<int64_t> imageSize("image-size", cl::desc("Square input size"), cl::init(150), cl::sub(newCmd));
static cl::opt<int64_t> classes("classes", cl::desc("1: Dense(1) logits with binary cross-entropy; N > 1: Dense(N) "
                                                    "with sparse categorical cross-entropy"),
                                cl::init(1), cl::sub(newCmd));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "xcc: ahead-of-time compiler for Keras-style transfer learning\n");
  mlir::MLIRContext ctx;
  if (summaryCmd)
    return xcc::runSummary(ctx, {summaryInput, phase, expandNested});
  if (newCmd)
    return xcc::runNewModel(ctx, {templateName, output, imageSize, classes});
  llvm::errs() << "xcc: error: no subcommand given; run 'xcc --help'\n";
  return 1;
}
