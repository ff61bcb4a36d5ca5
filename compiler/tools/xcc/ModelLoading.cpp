#include "ModelLoading.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace xcc {

FailureOr<xnn::ModelOp> loadModel(MLIRContext &ctx, llvm::SourceMgr &sourceMgr, const std::string &path,
                                  OwningOpRef<ModuleOp> &module) {
  std::string error;
  auto file = openInputFile(path, &error);
  if (!file) {
    llvm::errs() << "xcc: error: cannot read '" << path << "': " << error << "\n";
    return failure();
  }
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  ctx.loadDialect<xnn::XnnDialect>();
  module = parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&ctx));
  if (!module)
    return failure();
  auto models = llvm::to_vector(module->getOps<xnn::ModelOp>());
  if (models.size() != 1) {
    (models.size() > 1 ? models[1]->emitError() : module->emitError())
        << "'" << path << "' must contain exactly one xnn.model, found " << models.size();
    return failure();
  }
  return models.front();
}

} // namespace xcc
