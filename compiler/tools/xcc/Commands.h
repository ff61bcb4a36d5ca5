// The xcc subcommands. Each returns the process exit status; diagnostics go to stderr.
#ifndef XCC_TOOLS_COMMANDS_H
#define XCC_TOOLS_COMMANDS_H

#include "mlir/IR/MLIRContext.h"

#include <string>
#include <variant>

namespace xcc {

struct SummaryArgs {
  std::string input;
  std::string phase;
  bool expandNested = false;
  std::string dtypePolicy; ///< replaces the model's dtype_policy; empty: the model's
};
int runSummary(mlir::MLIRContext &ctx, const SummaryArgs &args);

struct NewModelArgs {
  std::string templateName;
  std::string output;
  int64_t imageSize = 150;
  int64_t classes = 1;
};
int runNewModel(mlir::MLIRContext &ctx, const NewModelArgs &args);

/// What `xcc compile --emit` produces.
enum class Emit {
  Object,         ///< library, header, manifest and entry point in the output folder
  Halide,         ///< Halide's lowered statement form, for review
  Mlir,           ///< the dialect after the passes (a training phase: its train step), on stdout
  Manifest,       ///< manifest.json on stdout, no code generated
  KernelGraph,    ///< the kernel graph handed to the Halide side (a training phase: its train step), on stdout
  ReferenceGraph, ///< the unfolded graph and its constants, for reference checks
};
/// The --emit spelling of `emit` ("reference-graph").
const char *emitName(Emit emit);
/// `name` as an Emit; otherwise the message listing the valid ones.
std::variant<Emit, std::string> parseEmit(const std::string &name);

struct CompileArgs {
  std::string input;
  std::string phase;
  std::string outDir;
  Emit emit = Emit::Object;
  std::string weights;
  int64_t randomWeights = -1;
  std::string randomStyle = "spread"; ///< spread | keras | he, see Weights/ParamSource.h
  std::string target;
  bool allowCrossTarget = false;
  int64_t trainSliceNodes = 0; ///< main.cpp gives the default
  bool sharedKernels = true;   ///< copies of a repeated block call one kernel (Codegen/TrainArtifact.cpp)
  unsigned jobs = 0;           ///< compile worker processes; 0: one per core
  std::string cacheFolder;     ///< the compile cache (Support/CompileCache.h); empty: none
  /// Appended to every generated symbol's name (`<model>_<phase>_<suffix>_forward`, ...): variants of one phase
  /// for several CPUs in one program, which a dispatcher picks from at run time (xcc_add_model's TARGETS).
  std::string symbolSuffix;
  std::string dtypePolicy; ///< replaces the model's dtype_policy; empty: the model's
};
int runCompile(mlir::MLIRContext &ctx, const CompileArgs &args);

struct ImportArgs {
  std::string input;  ///< .keras, full-model .h5, tfjs model.json (or its folder), Keras 3 config.json
  std::string output; ///< '-' for stdout
  std::string cutAt;  ///< layer whose output becomes the model's output
  std::string head;   ///< head spec, see Import/TransferHead.h
  std::string inputShape; ///< "H,W,C" replacing the saved input shape ("" keeps it)
};
int runImport(mlir::MLIRContext &ctx, const ImportArgs &args);

/// Names of the built-in templates, for help texts.
const char *templateNames();

/// Writes `text` to `path` ("-": stdout) through a staging folder beside it, renamed into place only when all of
/// it was written: an existing file survives a failed write (a full disk). Returns 0, or 1 after an error message
/// naming the file and the reason.
int writeTextOutput(const std::string &path, const std::string &text);

} // namespace xcc

#endif // XCC_TOOLS_COMMANDS_H
