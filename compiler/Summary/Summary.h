// `xcc summary`: the table Keras prints for model.summary(show_trainable=True).
#ifndef XCC_SUMMARY_SUMMARY_H
#define XCC_SUMMARY_SUMMARY_H

#include "xnn/Xnn.h"

#include <optional>
#include <string>
#include <vector>

namespace xcc {

struct SummaryRow {
  std::string name;           ///< Keras layer name
  std::string kerasClass;     ///< e.g. Conv2D, Functional
  std::string outputShape;    ///< Keras style: (None, 150, 150, 3)
  int64_t params = 0;         ///< all weights of the layer, trainable or not
  std::optional<bool> trainable; ///< none for layers without weights, shown as '-'
  int depth = 0;              ///< nesting level when nested models are expanded
};

struct ModelSummary {
  std::string model;
  std::string phase;
  std::vector<SummaryRow> rows;
  int64_t totalParams = 0;
  int64_t trainableParams = 0;
  std::string dtypePolicy; ///< the model's mixed-precision policy
};

/// Summarizes `model` as it trains in `phase`; nested models are one row unless `expandNested`.
mlir::FailureOr<ModelSummary> summarize(xnn::ModelOp model, llvm::StringRef phase, bool expandNested);

/// Renders the summary in Keras 3's layout (box-drawn table, then the three parameter totals).
std::string renderSummary(const ModelSummary &summary);

/// "20,863,529": Keras prints counts with thousands separators.
std::string withThousands(int64_t n);
/// "79.59 MB": Keras's readable_memory_size of 4-byte weights.
std::string readableSize(int64_t params);

} // namespace xcc

#endif // XCC_SUMMARY_SUMMARY_H
