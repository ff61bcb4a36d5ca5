// What the steps of an epoch read: images from the loader, or, for a model with a frozen prefix (abi.h), the
// prefix's output per image, which is computed once and kept when it cannot change between epochs (the images
// are not augmented, or augmented once: AugmentPolicy::Once). The second epoch on then neither decodes an image
// nor runs the frozen base; the values are the ones the first epoch computed, so the result is identical.
#ifndef XCC_RUNTIME_SRC_EPOCH_BATCHES_H
#define XCC_RUNTIME_SRC_EPOCH_BATCHES_H

#include "xcc/runtime/loader.h"
#include "xcc/runtime/model.h"

#include <ostream>

namespace xcc::rt {

/// One step's input: batch.samples (and batch.skipped) as the loader gives them; the values are batch.images
/// (images, NHWC) or `features` (the prefix's output, when `isFeatures`).
struct StepInput {
  Batch batch;
  std::vector<float> features;
  bool isFeatures = false;
  const float *data() const { return isFeatures ? features.data() : batch.images.data(); }
};

class EpochBatches {
public:
  /// `cacheBytes`: the most memory the kept features may take (0: keep none). Caches only when `loader`'s
  /// images are the same every epoch; `log` (may be null) hears why it does or does not.
  EpochBatches(const Model &model, ImageLoader &loader, size_t cacheBytes, std::ostream *log);

  /// `batchSize` as fit() or evaluate() checked it (checkBatchSize).
  void startEpoch(int epoch, std::vector<size_t> order, size_t batchSize);
  size_t batchesInEpoch() const { return (order_.size() + batchSize_ - 1) / batchSize_; }
  bool next(StepInput &step);

private:
  void fromCache(StepInput &step);

  const Model &model_;
  ImageLoader &loader_;
  bool caching_ = false;
  size_t per_ = 0;
  std::vector<float> values_;
  /// Per sample: 0 not seen, 1 cached, 2 could not be decoded (reason kept for the report).
  std::vector<char> state_;
  std::vector<std::string> reasons_;
  bool complete_ = false;
  std::vector<size_t> order_;
  size_t batchSize_ = 1, next_ = 0;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_SRC_EPOCH_BATCHES_H
