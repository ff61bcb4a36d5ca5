// Attribute support: shortest round-trip doubles and the optimizer verifiers.
#include "xnn/Xnn.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace mlir;
using namespace xnn;

FailureOr<APFloat> xnn::parseF64Param(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return APFloat(value);
}

void xnn::printF64Param(AsmPrinter &printer, const APFloat &apValue) {
  double value = apValue.convertToDouble();
  // Shortest %g form that reads back bit-exactly; MLIR's float syntax needs a '.' or an exponent.
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  std::string text = buf;
  if (text.find('.') == std::string::npos && text.find_first_of("in") == std::string::npos) {
    size_t exponent = text.find('e');
    text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
  }
  printer << text;
}

LogicalResult AdamAttr::verify(function_ref<InFlightDiagnostic()> emitError, APFloat lrValue,
                               APFloat beta1Value, APFloat beta2Value, APFloat epsilonValue) {
  double learningRate = lrValue.convertToDouble(), beta1 = beta1Value.convertToDouble(),
         beta2 = beta2Value.convertToDouble(), epsilon = epsilonValue.convertToDouble();
  if (!(learningRate > 0))
    return emitError() << "Adam learning_rate must be > 0, got " << learningRate;
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
    return emitError() << "Adam beta_1 and beta_2 must lie in [0, 1), got " << beta1 << " and " << beta2;
  if (!(epsilon > 0))
    return emitError() << "Adam epsilon must be > 0, got " << epsilon;
  return success();
}

LogicalResult SgdAttr::verify(function_ref<InFlightDiagnostic()> emitError, APFloat lrValue,
                              APFloat momentumValue, bool) {
  double learningRate = lrValue.convertToDouble(), momentum = momentumValue.convertToDouble();
  if (!(learningRate > 0))
    return emitError() << "SGD learning_rate must be > 0, got " << learningRate;
  if (!(momentum >= 0 && momentum < 1))
    return emitError() << "SGD momentum must lie in [0, 1), got " << momentum;
  return success();
}

#include "xnn/XnnEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "xnn/XnnAttrs.cpp.inc"

void XnnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "xnn/XnnAttrs.cpp.inc"
      >();
}
