#include "Summary/Summary.h"
#include "Analysis/Trainability.h"
#include "xnn/DtypePolicy.h"
#include "xnn/LayerCalls.h"

#include "llvm/ADT/StringSet.h"

#include <fmt/format.h>

#include <algorithm>

using namespace mlir;
using namespace xnn;

namespace xcc {
namespace {

std::string kerasShape(Type type) {
  auto shape = cast<RankedTensorType>(type).getShape();
  std::string s = "(";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + (ShapedType::isDynamic(d) ? std::string("None") : std::to_string(d));
  return s + (shape.size() == 1 ? ",)" : ")");
}

std::string kerasShapes(TypeRange types) {
  if (types.size() == 1)
    return kerasShape(types.front());
  std::string s = "[";
  for (auto [i, t] : llvm::enumerate(types))
    s += (i ? ", " : "") + kerasShape(t);
  return s + "]";
}

/// Parameter count of each layer (by name) directly in `region`.
llvm::StringMap<int64_t> paramsPerLayer(Region &region) {
  llvm::StringMap<int64_t> counts;
  for (ParamOp p : region.getOps<ParamOp>())
    counts[p.getLayer()] += p.getNumElements();
  return counts;
}

int64_t paramsIn(Region &region) {
  int64_t n = 0;
  region.walk([&](ParamOp p) { n += p.getNumElements(); });
  return n;
}

void addRows(Region &region, const Trainability &t, bool expand, int depth, std::vector<SummaryRow> &rows) {
  auto counts = paramsPerLayer(region);
  llvm::StringSet<> listed;
  for (Operation &op : region.getOps()) {
    if (auto in = dyn_cast<InputOp>(&op)) {
      rows.push_back({in.getLayer().str(), "InputLayer", kerasShape(in.getType()), 0, std::nullopt, depth});
      continue;
    }
    auto layer = dyn_cast<LayerOpInterface>(&op);
    // model.summary() lists layers, not calls: a shared layer has one row, at its first call.
    if (!layer || !listed.insert(kerasLayerOf(layer)).second)
      continue;
    auto submodel = dyn_cast<SubmodelOp>(&op);
    int64_t params = submodel ? paramsIn(submodel.getBody()) : counts.lookup(kerasLayerOf(layer));
    std::optional<bool> trainable;
    if (params > 0)
      trainable = t.isLayerTrainable(&op);
    rows.push_back({kerasLayerOf(layer).str(), layer.getKerasClass().str(), kerasShapes(op.getResultTypes()), params,
                    trainable, depth});
    if (submodel && expand)
      addRows(submodel.getBody(), t, expand, depth + 1, rows);
  }
}

} // namespace

std::string withThousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

std::string readableSize(int64_t params) {
  const char *units[] = {"B", "KB", "MB", "GB", "TB"};
  double size = double(params) * 4;
  int unit = 0;
  while (size / 1024 >= 1 && unit < 4) {
    size /= 1024;
    ++unit;
  }
  return fmt::format("{:.2f} {}", size, units[unit]);
}

FailureOr<ModelSummary> summarize(ModelOp model, StringRef phase, bool expandNested) {
  auto trainability = Trainability::compute(model, phase);
  if (failed(trainability))
    return failure();
  ModelSummary s{model.getSymName().str(), phase.str(), {}, trainability->totalParamCount(),
                 trainability->trainableParamCount()};
  s.dtypePolicy = model.getDtypePolicy().value_or(xnn::dtypePolicyName(xnn::DtypePolicy::Float32)).str();
  addRows(model.getBody(), *trainability, expandNested, 0, s.rows);
  return s;
}

std::string renderSummary(const ModelSummary &s) {
  const std::vector<std::string> headers = {"Layer (type)", "Output Shape", "Param #", "Trainable"};
  std::vector<std::array<std::string, 4>> cells;
  for (const SummaryRow &r : s.rows)
    cells.push_back({std::string(2 * r.depth, ' ') + r.name + " (" + r.kerasClass + ")", r.outputShape,
                     withThousands(r.params), r.trainable ? (*r.trainable ? "Y" : "N") : "-"});
  std::array<size_t, 4> width;
  for (int c = 0; c < 4; ++c) {
    width[c] = headers[c].size();
    for (auto &row : cells)
      width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const char *left, const char *fill, const char *mid, const char *right) {
    std::string out = left;
    for (int c = 0; c < 4; ++c) {
      for (size_t i = 0; i < width[c] + 2; ++i)
        out += fill;
      out += c < 3 ? mid : right;
    }
    return out + "\n";
  };
  auto row = [&](const std::array<std::string, 4> &v, const char *bar) {
    return fmt::format("{0} {1:<{5}} {0} {2:<{6}} {0} {3:>{7}} {0} {4:^{8}} {0}\n", bar, v[0], v[1], v[2], v[3],
                       width[0], width[1], width[2], width[3]);
  };
  std::string out = fmt::format("Model: \"{}\" (phase: {})\n", s.model, s.phase);
  out += line("┏", "━", "┳", "┓");
  out += row({headers[0], headers[1], headers[2], headers[3]}, "┃");
  out += line("┡", "━", "╇", "┩");
  for (size_t i = 0; i < cells.size(); ++i) {
    out += row(cells[i], "│");
    out += i + 1 < cells.size() ? line("├", "─", "┼", "┤") : line("└", "─", "┴", "┘");
  }
  int64_t frozen = s.totalParams - s.trainableParams;
  out += fmt::format(" Total params: {} ({})\n", withThousands(s.totalParams), readableSize(s.totalParams));
  out += fmt::format(" Trainable params: {} ({})\n", withThousands(s.trainableParams),
                     readableSize(s.trainableParams));
  out += fmt::format(" Non-trainable params: {} ({})\n", withThousands(frozen), readableSize(frozen));
  out += fmt::format(" Dtype policy: {}\n", s.dtypePolicy);
  return out;
}

} // namespace xcc
