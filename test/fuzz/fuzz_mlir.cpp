// xnn dialect text as `xcc compile` and `xcc summary` read it (compiler/Load): the foreign-file and nesting checks,
// MLIR's parser, the dialect's verifiers and shape inference, and the diagnostics printed with the offending line.
#include "fuzz_compiler.h"
#include "fuzz_input.h"

#include "Load/ModelLoading.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // One context per input: a parse that fails halfway leaves uniqued attributes and types behind, and the next
  // input must not see them. No threads: libFuzzer's leak check wants one.
  mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  xcc::ModelFile file(ctx, os);
  if (mlir::succeeded(file.load(xcc::fuzz::asFile(data, size, "model.mlir")))) {
    std::string text; // printing walks every attribute the parser accepted
    llvm::raw_string_ostream printed(text);
    file.module()->print(printed);
  }
  return 0;
}
