// Loading a model file for a subcommand, with file:line:col diagnostics.
#ifndef XCC_LOAD_MODELLOADING_H
#define XCC_LOAD_MODELLOADING_H

#include "xnn/Xnn.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

namespace xcc {

/// Reports parse and verification errors as file:line:col with the offending line. MLIR follows a failed shape
/// inference with a generic "failed to infer returned types" at the same place: that adds nothing, so it is dropped.
class DiagnosticReporter {
public:
  DiagnosticReporter(llvm::SourceMgr &sourceMgr, mlir::MLIRContext &ctx, llvm::raw_ostream &os)
      : ctx(ctx), sourceMgrHandler(sourceMgr, &ctx, os) {
    ctx.printOpOnDiagnostic(false);
    filterId = ctx.getDiagEngine().registerHandler([this](mlir::Diagnostic &diag) -> mlir::LogicalResult {
      if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
        return mlir::failure();
      if (lastErrorLoc == diag.getLocation() && llvm::StringRef(diag.str()).ends_with("failed to infer returned types"))
        return mlir::success();
      lastErrorLoc = diag.getLocation();
      return mlir::failure();
    });
  }
  ~DiagnosticReporter() { ctx.getDiagEngine().eraseHandler(filterId); }

private:
  mlir::MLIRContext &ctx;
  mlir::SourceMgrDiagnosticHandler sourceMgrHandler;
  mlir::DiagnosticEngine::HandlerID filterId;
  std::optional<mlir::Location> lastErrorLoc;
};

/// A model file opened by a subcommand: its source (for diagnostics with file:line:col) and parsed module. Errors
/// go to `diagnostics` (the fuzz target gives a sink).
class ModelFile {
public:
  explicit ModelFile(mlir::MLIRContext &ctx, llvm::raw_ostream &diagnostics = llvm::errs())
      : ctx(ctx), diagnostics(diagnostics), reporter(sourceMgr, ctx, diagnostics) {}

  /// Parses and verifies `path`, which must hold exactly one xnn.model; reports errors and fails otherwise.
  mlir::FailureOr<xnn::ModelOp> load(const std::string &path);
  /// load(), then with a non-empty `dtypePolicy` (--dtype-policy) that policy in place of the model's.
  mlir::FailureOr<xnn::ModelOp> load(const std::string &path, const std::string &dtypePolicy);
  mlir::ModuleOp module() { return *parsed; }

private:
  mlir::MLIRContext &ctx;
  llvm::raw_ostream &diagnostics;
  llvm::SourceMgr sourceMgr;
  DiagnosticReporter reporter;
  mlir::OwningOpRef<mlir::ModuleOp> parsed;
};

} // namespace xcc

#endif // XCC_LOAD_MODELLOADING_H
