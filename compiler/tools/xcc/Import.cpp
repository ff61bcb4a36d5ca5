// xcc import: a Keras model file → model.mlir, optionally cut and given the transfer-learning guide's head.
#include "Commands.h"

#include "Import/KerasImport.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

#include <exception>

using namespace mlir;

namespace xcc {
namespace {

/// The importer's locations are layer names, not file positions, so every message names the input file and,
/// where there is one, the layer.
class ImportDiagnostics {
public:
  ImportDiagnostics(MLIRContext &ctx, std::string file)
      : file(std::move(file)), handler(&ctx, [this](Diagnostic &diag) {
          bool error = diag.getSeverity() == DiagnosticSeverity::Error;
          llvm::errs() << "xcc: " << (error ? "error" : "warning") << ": " << this->file << ": ";
          std::string message = diag.str();
          // The dialect's verifiers already name the layer; say it only where they do not.
          if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
            if (message.find("layer '" + name.getName().str() + "'") == std::string::npos)
              llvm::errs() << "layer '" << name.getName().getValue() << "': ";
          llvm::errs() << message << "\n";
          return success();
        }) {}

private:
  std::string file;
  ScopedDiagnosticHandler handler;
};

int fail(const std::string &message) {
  llvm::errs() << "xcc: error: " << message << "\n";
  return 1;
}

/// "96,96,3" → {96, 96, 3}; nothing when a part is not an integer.
std::optional<SmallVector<int64_t>> parseShape(StringRef text) {
  SmallVector<StringRef> parts;
  text.split(parts, ',');
  SmallVector<int64_t> dims;
  for (StringRef p : parts)
    if (p.trim().getAsInteger(10, dims.emplace_back()))
      return std::nullopt;
  return dims;
}

} // namespace

int runImport(MLIRContext &ctx, const ImportArgs &args) {
  ImportOptions options;
  options.cutAt = args.cutAt;
  if (!args.inputShape.empty()) {
    options.inputShape = parseShape(args.inputShape);
    if (!options.inputShape)
      return fail("--input-shape wants H,W,C (e.g. 96,96,3), got '" + args.inputShape + "'");
  }
  if (!args.head.empty()) {
    std::string why;
    options.head = parseHeadSpec(args.head, why);
    if (!options.head)
      return fail("--head '" + args.head + "': " + why);
  }
  KerasSource source;
  try {
    source = readKerasSource(args.input);
  } catch (const std::exception &e) {
    return fail(e.what());
  }
  if (source.noWeightsFile)
    llvm::errs() << "xcc: note: " << args.input << " has no weights (no model.weights.h5); compile the imported "
                 << "model with --weights FILE or --random-weights SEED\n";
  ctx.printOpOnDiagnostic(false);
  ImportDiagnostics diagnostics(ctx, args.input);
  FailureOr<OwningOpRef<ModuleOp>> module = failure();
  try {
    module = importKeras(ctx, source, options);
  } catch (const std::exception &e) { // a layer config field of an unexpected JSON type, read while building
    return fail("'" + args.input + "': malformed Keras config: " + e.what());
  }
  if (failed(module))
    return 1;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "// Imported by `xcc import` from " << args.input << "\n";
  (*module)->print(os);
  return writeTextOutput(args.output, os.str());
}

} // namespace xcc
