#include "xcc/runtime/loader.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/resize.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace xcc::rt {
namespace {

// Batches decoded ahead of the one being trained on: enough to cover a slow batch (large JPEGs) without
// holding many batches of images in memory.
constexpr size_t kPrefetchBatches = 3;

unsigned threadCount(unsigned requested) {
  if (requested)
    return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

} // namespace

void checkBatchSize(int64_t batchSize, const char *who) {
  if (batchSize < 1)
    throw RuntimeError(std::string(who) + " needs a batch size of at least 1, got " + std::to_string(batchSize));
}

void reportSkipped(const std::vector<SkippedFile> &skipped, std::ostream &out) {
  if (skipped.empty())
    return;
  out << "Skipped " << skipped.size() << (skipped.size() == 1 ? " file" : " files")
      << " that could not be read or decoded:\n";
  for (const SkippedFile &s : skipped)
    out << "  " << s.path << ": " << s.reason << "\n";
}

ImageLoader::ImageLoader(std::vector<std::string> paths, LoaderOptions options)
    : paths_(std::move(paths)), options_(std::move(options)), cache_(paths_.size()) {
  if (options_.height < 1 || options_.width < 1)
    throw RuntimeError("image loader: image size must be positive");
}

ImageLoader::~ImageLoader() { drainQueue(); }

void ImageLoader::drainQueue() {
  for (auto &f : queue_)
    if (f.valid())
      f.wait();
  queue_.clear();
}

void ImageLoader::startEpoch(int epoch, std::vector<size_t> order, size_t batchSize) {
  checkBatchSize(int64_t(batchSize), "image loader");
  drainQueue();
  for (size_t i : order)
    if (i >= paths_.size())
      throw RuntimeError("image loader: sample index out of range");
  epoch_ = epoch;
  order_ = std::move(order);
  batchSize_ = batchSize;
  nextToQueue_ = 0;
  fillQueue();
}

size_t ImageLoader::batchesInEpoch() const { return (order_.size() + batchSize_ - 1) / batchSize_; }

void ImageLoader::fillQueue() {
  while (queue_.size() < kPrefetchBatches && nextToQueue_ < order_.size()) {
    size_t first = nextToQueue_, count = std::min(batchSize_, order_.size() - first);
    nextToQueue_ += count;
    queue_.push_back(std::async(std::launch::async, [this, first, count, epoch = epoch_] {
      return loadBatch(first, count, epoch);
    }));
  }
}

bool ImageLoader::next(Batch &batch) {
  if (queue_.empty())
    return false;
  batch = queue_.front().get(); // rethrows what a worker threw (only non-decode errors get here)
  queue_.pop_front();
  fillQueue();
  return true;
}

ImageF32 ImageLoader::loadResized(size_t i) {
  {
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (cache_[i])
      return *cache_[i];
  }
  auto image = std::make_shared<const ImageF32>(
      kerasResize(decodeImageFile(paths_[i]), options_.height, options_.width, options_.cropToAspectRatio));
  std::lock_guard<std::mutex> lock(cacheMutex_);
  size_t bytes = image->data.size() * sizeof(float);
  if (!cache_[i] && cachedBytes_ + bytes <= options_.cacheBytes) {
    cache_[i] = image;
    cachedBytes_ += bytes;
  }
  return *image;
}

void ImageLoader::loadInto(size_t i, int epoch, float *out) {
  ImageF32 image = loadResized(i);
  if (options_.augment.enabled()) {
    int drawEpoch = options_.policy == AugmentPolicy::Once ? 0 : epoch;
    image = applyAugmentation(std::move(image), drawAugmentation(options_.augment, options_.seed, uint64_t(drawEpoch), i),
                              options_.augment);
  }
  std::memcpy(out, image.data.data(), valuesPerImage() * sizeof(float));
}

Batch ImageLoader::loadBatch(size_t first, size_t count, int epoch) {
  // Decode into fixed slots in parallel, then compact: the batch keeps the epoch's order whatever finishes first.
  const size_t per = valuesPerImage();
  std::vector<float> slots(count * per);
  std::vector<std::string> errors(count);
  std::vector<char> ok(count, 0);
  std::atomic<size_t> nextSlot{0};
  auto work = [&] {
    for (size_t s; (s = nextSlot++) < count;) {
      try {
        loadInto(order_[first + s], epoch, slots.data() + s * per);
        ok[s] = 1;
      } catch (const DecodeError &e) {
        errors[s] = e.reason();
      } catch (const std::exception &e) {
        // Anything else one file causes (memory, a resize of an odd image) is that file's error too: an exception
        // escaping a worker thread would end the whole run with std::terminate.
        errors[s] = e.what();
      }
    }
  };
  unsigned threads = std::min<unsigned>(threadCount(options_.threads), unsigned(count));
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t)
    workers.emplace_back(work);
  work();
  for (std::thread &t : workers)
    t.join();

  Batch batch;
  batch.images.reserve(count * per);
  for (size_t s = 0; s < count; ++s) {
    size_t sample = order_[first + s];
    if (!ok[s]) {
      batch.skipped.push_back({paths_[sample], errors[s], sample});
      continue;
    }
    batch.images.insert(batch.images.end(), slots.begin() + s * per, slots.begin() + (s + 1) * per);
    batch.samples.push_back(sample);
  }
  return batch;
}

} // namespace xcc::rt
