// xcc-opt: mlir-opt for the xnn dialect and xcc's passes, used by the lit suite.
#include "Transforms/Passes.h"
#include "xnn/Xnn.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<xnn::XnnDialect>();
  xcc::registerXccPasses();
  xcc::registerCompilePipeline();
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, "xcc optimizer driver\n", registry));
}
