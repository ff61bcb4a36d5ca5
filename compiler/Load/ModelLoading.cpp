#include "Load/ModelLoading.h"
#include "xnn/DtypePolicy.h"

#include "xcc/weights/nesting.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace xcc {
namespace {

/// What a file that is not dialect text looks like, by its first bytes, with the command that reads it; nullopt
/// for anything else (the MLIR parser reports that). Without this a Keras file earns kilobytes of parse errors.
std::optional<std::string> foreignFileHint(llvm::StringRef bytes, llvm::StringRef path) {
  const std::string import = "run `xcc import " + path.str() + " -o model.mlir` first";
  if (bytes.starts_with("\x89HDF\r\n\x1a\n"))
    return "is an HDF5 file (Keras .h5), not xnn dialect text: for a full-model .h5 " + import +
           "; a weights-only .h5 goes to `xcc compile --weights`";
  if (bytes.starts_with("PK\x03\x04"))
    return "is a zip archive (a Keras 3 .keras file?), not xnn dialect text: " + import;
  llvm::StringRef text = bytes.ltrim();
  if (text.starts_with("{") || text.starts_with("["))
    return "is JSON (a TensorFlow.js model.json or a Keras config.json?), not xnn dialect text: " + import;
  if (bytes.size() >= 9 && bytes[8] == '{' && bytes.substr(9).ltrim().starts_with("\""))
    return "looks like safetensors weights, not xnn dialect text: weights go to `xcc compile --weights`";
  return std::nullopt;
}

} // namespace

FailureOr<xnn::ModelOp> ModelFile::load(const std::string &path) {
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    diagnostics << "xcc: error: cannot read '" << path << "': " << error << "\n";
    return failure();
  }
  if (auto hint = foreignFileHint(file->getBuffer(), path)) {
    diagnostics << "xcc: error: '" << path << "' " << *hint << "\n";
    return failure();
  }
  // MLIR's parser recurses per nesting level: a file of 100,000 nested brackets would overflow the stack.
  llvm::StringRef text = file->getBuffer();
  if (auto why = weights::tooDeeplyNested(std::string_view(text.data(), text.size()), "[{(<", "]})>")) {
    diagnostics << "xcc: error: '" << path << "' is " << *why << "\n";
    return failure();
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  ctx.loadDialect<xnn::XnnDialect>();
  parsed = parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&ctx));
  if (!parsed)
    return failure();
  auto models = llvm::to_vector(parsed->getOps<xnn::ModelOp>());
  if (models.size() != 1) {
    (models.size() > 1 ? models[1]->emitError() : parsed->emitError())
        << "'" << path << "' must contain exactly one xnn.model, found " << models.size();
    return failure();
  }
  return models.front();
}

FailureOr<xnn::ModelOp> ModelFile::load(const std::string &path, const std::string &dtypePolicy) {
  FailureOr<xnn::ModelOp> model = load(path);
  if (failed(model) || dtypePolicy.empty())
    return model;
  if (!xnn::parseDtypePolicy(dtypePolicy)) {
    diagnostics << "xcc: error: --dtype-policy must be one of " << xnn::dtypePolicyList() << "; got '"
                << dtypePolicy << "'\n";
    return failure();
  }
  model->setDtypePolicy(dtypePolicy);
  return model;
}

} // namespace xcc
