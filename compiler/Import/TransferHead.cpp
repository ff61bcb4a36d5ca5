#include "Import/TransferHead.h"

#include "Models/ModelBuilder.h"
#include "Models/TransferPhases.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace xcc {
namespace {

/// "0.5", "-1" or "1/127.5".
std::optional<double> parseNumber(StringRef text) {
  auto [num, den] = text.trim().split('/');
  double n = 0, d = 1;
  if (num.getAsDouble(n) || (!den.empty() && (den.getAsDouble(d) || d == 0.0)))
    return std::nullopt;
  return n / d;
}

} // namespace

std::optional<HeadSpec> parseHeadSpec(StringRef text, std::string &error) {
  HeadSpec spec;
  bool gap = false;
  SmallVector<StringRef> items;
  text.split(items, ';', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    auto [key, value] = item.trim().split('=');
    if (key == "gap" && value.empty()) {
      gap = true;
    } else if (key == "rescale") {
      auto [scale, offset] = value.split(',');
      auto s = parseNumber(scale);
      auto o = offset.empty() ? std::optional<double>(0.0) : parseNumber(offset);
      if (!s || !o)
        return error = "rescale wants SCALE[,OFFSET], got '" + value.str() + "'", std::nullopt;
      spec.scale = s, spec.offset = *o;
    } else if (key == "dropout") {
      auto rate = parseNumber(value);
      if (!rate || *rate < 0 || *rate >= 1)
        return error = "dropout wants a rate in [0, 1), got '" + value.str() + "'", std::nullopt;
      spec.dropout = rate;
    } else if (key == "dense") {
      if (value.getAsInteger(10, spec.units) || spec.units < 1)
        return error = "dense wants a positive unit count, got '" + value.str() + "'", std::nullopt;
    } else if (key == "threshold") {
      auto t = parseNumber(value);
      if (!t)
        return error = "threshold wants a number, got '" + value.str() + "'", std::nullopt;
      spec.threshold = *t;
    } else {
      return error = "unknown head item '" + item.trim().str() +
                     "' (expected rescale=, gap, dropout=, dense=, threshold=)",
             std::nullopt;
    }
  }
  if (!gap || spec.units == 0)
    return error = "the head needs 'gap' and 'dense=UNITS'", std::nullopt;
  return spec;
}

LogicalResult emitTransferModel(OpBuilder &b, Location loc, const HeadSpec &spec, StringRef baseName,
                                ArrayRef<int64_t> inputShape, function_ref<FailureOr<Value>(Value)> emitBase) {
  ModelBuilder mb(b, loc);
  Value x = mb.input("input_layer", inputShape);
  if (spec.scale)
    x = mb.rescaling("rescaling", x, *spec.scale, spec.offset);
  FailureOr<Value> features = emitBase(x);
  if (failed(features))
    return failure();
  if (cast<RankedTensorType>(features->getType()).getRank() != 4)
    return emitError(loc) << "the head's GlobalAveragePooling2D needs the base to output an image (N, H, W, C), "
                             "it outputs "
                          << features->getType();
  mb.setParamSource(ParamSource::Initializer);
  x = mb.globalAvgPool2d("global_average_pooling2d", *features);
  if (spec.dropout)
    x = mb.dropout("dropout", x, *spec.dropout);
  Value logits = mb.dense("dense", x, spec.units, /*useBias=*/true);
  b.create<xnn::OutputOp>(loc, ValueRange{logits});
  addTransferPhases(b, loc, baseName, {spec.units, 1e-3, 1e-5, spec.threshold});
  return success();
}

} // namespace xcc
