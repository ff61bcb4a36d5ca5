#include "xnn/Xnn.h"

using namespace mlir;
using namespace xnn;

#include "xnn/XnnDialect.cpp.inc"

void XnnDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "xnn/XnnOps.cpp.inc"
      >();
  registerAttributes();
}
