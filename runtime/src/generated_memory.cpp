#include "xcc/runtime/generated_memory.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <unordered_map>

namespace xcc::rt {
namespace {

// Halide expects at least 32-byte alignment for vector loads; 128 also avoids false sharing between threads.
constexpr size_t kAlignment = 128;

struct Cache {
  std::mutex mutex;
  std::multimap<size_t, void *> free;           // size -> block
  std::unordered_map<void *, size_t> sizes;     // live and cached blocks
  GeneratedMemoryStats stats;
};

Cache &cache() {
  static Cache *c = new Cache; // never destroyed: generated code may free during static destruction
  return *c;
}

size_t roundUp(size_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

} // namespace

GeneratedMemoryStats generatedMemoryStats() {
  std::lock_guard<std::mutex> lock(cache().mutex);
  return cache().stats;
}

void releaseGeneratedMemory() {
  Cache &c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  for (auto &[size, block] : c.free) {
    c.sizes.erase(block);
    std::free(block);
  }
  c.free.clear();
  c.stats.bytesCached = 0;
}

} // namespace xcc::rt

// Strong definitions: they take precedence over the weak defaults inside each generated library.
extern "C" void *halide_malloc(void *, size_t size) {
  using namespace xcc::rt;
  Cache &c = cache();
  size_t rounded = roundUp(size ? size : 1);
  std::lock_guard<std::mutex> lock(c.mutex);
  auto it = c.free.find(rounded);
  if (it != c.free.end()) {
    void *block = it->second;
    c.free.erase(it);
    ++c.stats.reuses;
    c.stats.bytesCached -= rounded;
    c.stats.bytesInUse += rounded;
    return block;
  }
  void *block = std::aligned_alloc(kAlignment, rounded);
  if (!block)
    return nullptr; // generated code reports the failure as an out-of-memory error
  c.sizes[block] = rounded;
  ++c.stats.heapAllocations;
  c.stats.bytesInUse += rounded;
  return block;
}

extern "C" void halide_free(void *, void *block) {
  using namespace xcc::rt;
  if (!block)
    return;
  Cache &c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  size_t size = c.sizes.at(block);
  c.free.emplace(size, block);
  c.stats.bytesInUse -= size;
  c.stats.bytesCached += size;
}
