#include "ModelLoading.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace xcc {

FailureOr<xnn::ModelOp> ModelFile::load(const std::string &path) {
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "xcc: error: cannot read '" << path << "': " << error << "\n";
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

} // namespace xcc
