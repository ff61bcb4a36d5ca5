// A Keras model's JSON as `xcc import` reads it (compiler/Import): a Keras 2 model.json / Keras 3 config.json, its
// layer configs of any JSON type, the graph between layers, and the xnn module built from it, imported both as it
// is and with the guide's transfer head.
#include "fuzz_compiler.h"
#include "fuzz_input.h"

#include "Import/KerasImport.h"
#include "Import/KerasSource.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <exception>

namespace {

void import(const std::string &path, std::optional<xcc::HeadSpec> head) {
  mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  std::string messages; // the diagnostics are formatted, as `xcc import` formats them, then dropped
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    messages += diag.str();
    return mlir::success();
  });
  try {
    xcc::KerasSource source = xcc::readKerasSource(path);
    xcc::ImportOptions options;
    options.head = head;
    auto module = xcc::importKeras(ctx, source, options);
    if (mlir::succeeded(module)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      (*module)->print(os);
    }
  } catch (const std::exception &) { // a clean error, as `xcc import` reports it
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::optional<xcc::HeadSpec> guideHead = [] {
    std::string error;
    return xcc::parseHeadSpec("rescale=1/127.5,-1;gap;dropout=0.2;dense=1", error);
  }();
  const std::string path = xcc::fuzz::asFile(data, size, "config.json");
  import(path, std::nullopt);
  import(path, guideHead);
  return 0;
}
