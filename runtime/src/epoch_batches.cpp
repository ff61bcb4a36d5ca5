#include "epoch_batches.h"

#include <algorithm>
#include <cstring>

namespace xcc::rt {

EpochBatches::EpochBatches(const Model &model, ImageLoader &loader, size_t cacheBytes, std::ostream *log)
    : model_(model), loader_(loader) {
  if (!model.hasFrozenPrefix())
    return;
  per_ = size_t(model.featuresPerSample());
  const LoaderOptions &o = loader.options();
  const size_t bytes = loader.size() * per_ * sizeof(float);
  std::string why;
  if (o.augment.enabled() && o.policy == AugmentPolicy::EveryEpoch)
    why = "the augmentation is drawn anew every epoch";
  else if (cacheBytes == 0)
    why = "switched off";
  else if (bytes > cacheBytes)
    why = "they would take " + std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB, over the limit of " +
          std::to_string(cacheBytes >> 20) + " MiB";
  caching_ = why.empty();
  if (log)
    *log << (caching_ ? "Caching the frozen base's output ('" + model.manifest().features.layer + "', " +
                            std::to_string(per_) + " values per image) for " + std::to_string(loader.size()) +
                            " images: computed once, reused every epoch\n"
                      : "Not caching the frozen base's output: " + why + "\n");
  if (caching_) {
    values_.resize(loader.size() * per_);
    state_.assign(loader.size(), 0);
    reasons_.resize(loader.size());
  }
}

void EpochBatches::startEpoch(int epoch, std::vector<size_t> order, size_t batchSize) {
  complete_ = caching_ && std::all_of(state_.begin(), state_.end(), [](char s) { return s != 0; });
  order_ = order;
  batchSize_ = batchSize;
  next_ = 0;
  if (!complete_) // the loader would start decoding ahead: only when it is needed
    loader_.startEpoch(epoch, std::move(order), batchSize_);
}

void EpochBatches::fromCache(StepInput &step) {
  // The batch the loader would give: this slice of the order, less the files that could not be decoded.
  step.batch = Batch();
  step.features.clear();
  step.isFeatures = true;
  const size_t end = std::min(order_.size(), next_ + batchSize_);
  for (; next_ < end; ++next_) {
    size_t s = order_[next_];
    if (state_[s] == 2) {
      step.batch.skipped.push_back({loader_.path(s), reasons_[s], s});
      continue;
    }
    step.batch.samples.push_back(s);
    step.features.insert(step.features.end(), values_.begin() + s * per_, values_.begin() + (s + 1) * per_);
  }
}

bool EpochBatches::next(StepInput &step) {
  if (complete_) {
    if (next_ >= order_.size())
      return false;
    fromCache(step);
    return true;
  }
  if (!loader_.next(step.batch))
    return false;
  const Batch &b = step.batch;
  step.isFeatures = caching_ && b.size() > 0;
  if (!step.isFeatures)
    return true;
  // The step from features does what the step from images would (abi.h); computing them here lets us keep them.
  step.features = model_.features(b.images.data(), int64_t(b.size()));
  for (size_t i = 0; i < b.size(); ++i) {
    std::memcpy(values_.data() + b.samples[i] * per_, step.features.data() + i * per_, per_ * sizeof(float));
    state_[b.samples[i]] = 1;
  }
  for (const SkippedFile &f : b.skipped) {
    state_[f.sample] = 2;
    reasons_[f.sample] = f.reason;
  }
  return true;
}

} // namespace xcc::rt
