#include "Models/TransferPhases.h"

#include "xnn/Phases.h"
#include "xnn/Xnn.h"

#include <tuple>

using namespace mlir;
using namespace xnn;

namespace xcc {

void addTransferPhases(OpBuilder &b, Location loc, StringRef baseName, const TransferPhaseOptions &o) {
  MLIRContext *ctx = b.getContext();
  bool binary = o.classes == 1;
  auto loss = LossAttr::get(ctx, binary ? LossKind::binary_crossentropy : LossKind::sparse_categorical_crossentropy,
                            /*from_logits=*/true);
  // The threshold means something only to binary accuracy; elsewhere it keeps the attribute's default (0.5), which
  // the printer leaves out.
  auto metric = MetricAttr::get(ctx, binary ? MetricKind::binary_accuracy : MetricKind::sparse_categorical_accuracy,
                                APFloat(binary ? o.binaryThreshold : 0.5));
  auto adam = [&](double lr) { return AdamAttr::get(ctx, APFloat(lr), APFloat(0.9), APFloat(0.999), APFloat(1e-7)); };
  for (auto [name, baseTrainable, lr] : {std::tuple{xnn::kHeadPhase, false, o.headLearningRate},
                                         std::tuple{xnn::kFineTunePhase, true, o.fineTuneLearningRate}}) {
    auto trainable = b.getDictionaryAttr({b.getNamedAttr(baseName, b.getBoolAttr(baseTrainable))});
    b.create<PhaseOp>(loc, name, trainable, adam(lr), loss, b.getArrayAttr({metric}));
  }
}

} // namespace xcc
