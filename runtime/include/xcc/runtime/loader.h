//===- loader.h - image files to training batches, ahead of the step --*- C++ -*-===//
//
// The input pipeline of fit/evaluate: decode (libjpeg-turbo / stb_image), Keras's bilinear resize, optional
// augmentation, batched, on worker threads that run ahead of the consumer by a few batches so the generated step
// never waits for JPEG decoding.
//
// Augmentation draws are a pure function of (seed, epoch, sample) (augment.h), which is what makes the two
// Keras behaviours exact and cheap: AugmentPolicy::Once uses epoch 0's draw for every epoch (the Keras-3 guide's
// `map(augment)...cache()` replays epoch 1's random transforms), EveryEpoch draws anew each epoch (Keras 2
// guide). Decoded-and-resized images are cached in memory up to a byte limit; the cache only saves time, it
// never changes a value.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_LOADER_H
#define XCC_RUNTIME_LOADER_H

#include "xcc/runtime/augment.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace xcc::rt {

enum class AugmentPolicy { Once, EveryEpoch };

struct LoaderOptions {
  int height = 0, width = 0;
  bool cropToAspectRatio = false;
  AugmentOptions augment; ///< disabled by default (validation and test data)
  AugmentPolicy policy = AugmentPolicy::Once;
  uint64_t seed = 0;
  unsigned threads = 0;                  ///< decoding threads; 0: one per core
  size_t cacheBytes = size_t(4) << 30;   ///< resized images kept in memory, in bytes
};

struct SkippedFile {
  std::string path, reason;
  size_t sample = 0; ///< its index in the loader's file list
};

/// The rule for a batch size a caller asks for, in one place: at least 1. fit(), evaluate() and
/// ImageLoader::startEpoch check theirs with it (throwing RuntimeError "<who> needs a batch size of at least 1,
/// got N"); what they call trusts it. Each actual batch is checked against what the model can address by Model.
void checkBatchSize(int64_t batchSize, const char *who);

/// "Skipped N files that could not be read or decoded:" and one "  path: reason" line each; nothing if none.
void reportSkipped(const std::vector<SkippedFile> &skipped, std::ostream &out);

/// One batch: the images that could be decoded (NHWC float32, 0..255) and their indices into the file list.
struct Batch {
  std::vector<float> images;
  std::vector<size_t> samples;
  std::vector<SkippedFile> skipped; ///< files of this batch that could not be read or decoded
  size_t size() const { return samples.size(); }
};

class ImageLoader {
public:
  ImageLoader(std::vector<std::string> paths, LoaderOptions options);
  ~ImageLoader();
  ImageLoader(const ImageLoader &) = delete;
  ImageLoader &operator=(const ImageLoader &) = delete;

  size_t size() const { return paths_.size(); }
  const std::string &path(size_t i) const { return paths_[i]; }
  size_t valuesPerImage() const { return size_t(options_.height) * options_.width * 3; }
  const LoaderOptions &options() const { return options_; }

  /// Starts an epoch over `order` (indices into the files) in batches of `batchSize` (checkBatchSize); next()
  /// then returns them in order while later batches are being decoded.
  void startEpoch(int epoch, std::vector<size_t> order, size_t batchSize);
  size_t batchesInEpoch() const;
  /// The next batch of the epoch, or false when the epoch is done.
  bool next(Batch &batch);

private:
  Batch loadBatch(size_t first, size_t count, int epoch);
  /// Decodes (or takes from the cache) and resizes sample i; throws DecodeError.
  ImageF32 loadResized(size_t i);
  void loadInto(size_t i, int epoch, float *out);
  void fillQueue();
  void drainQueue();

  std::vector<std::string> paths_;
  LoaderOptions options_;
  std::vector<std::shared_ptr<const ImageF32>> cache_;
  std::mutex cacheMutex_;
  size_t cachedBytes_ = 0;
  std::vector<size_t> order_;
  size_t batchSize_ = 1, nextToQueue_ = 0;
  int epoch_ = 0;
  std::deque<std::future<Batch>> queue_;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_LOADER_H
