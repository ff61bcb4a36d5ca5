#include "Transforms/ConstantUtils.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace xnn;

namespace xcc {

std::optional<std::vector<double>> constantValues(Value v) {
  auto constant = v ? v.getDefiningOp<ConstantOp>() : ConstantOp();
  if (!constant)
    return std::nullopt;
  auto dense = dyn_cast<DenseElementsAttr>(constant.getValue());
  if (!dense)
    return std::nullopt;
  std::vector<double> values;
  values.reserve(dense.getNumElements());
  for (float x : dense.getValues<float>())
    values.push_back(x);
  return values;
}

Value createConstant(OpBuilder &b, Location loc, StringRef layer, StringRef weight, ArrayRef<int64_t> shape,
                     ArrayRef<double> values, ArrayRef<StringRef> foldedFrom, Value origin) {
  auto type = RankedTensorType::get(shape, b.getF32Type());
  std::vector<float> data(values.begin(), values.end());
  SmallVector<StringRef> folded;
  if (auto originOp = origin ? origin.getDefiningOp<ConstantOp>() : ConstantOp())
    if (auto previous = originOp.getFoldedFrom())
      for (Attribute a : *previous)
        folded.push_back(cast<StringAttr>(a).getValue());
  folded.append(foldedFrom.begin(), foldedFrom.end());
  return b.create<ConstantOp>(loc, type, layer, weight, DenseElementsAttr::get(type, ArrayRef<float>(data)),
                              folded.empty() ? ArrayAttr() : b.getStrArrayAttr(folded));
}

void eraseWithDeadOperands(Operation *op) {
  // Each value once: an op may use one constant twice (e.g. as a BN's mean and beta), and after the first erase
  // the second copy would point at a freed op.
  llvm::SetVector<Value> operands(op->getOperands().begin(), op->getOperands().end());
  op->erase();
  for (Value v : operands) {
    Operation *def = v.getDefiningOp();
    if (def && v.use_empty() && isa<ConstantOp, ParamOp>(def))
      def->erase();
  }
}

} // namespace xcc
