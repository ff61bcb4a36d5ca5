#include "xcc/runtime/generated_memory.h"

#include <cstdio>
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

namespace {

/// Frees the cached blocks; the caller holds the lock.
void releaseCached(Cache &c) {
  for (auto &[size, block] : c.free) {
    c.sizes.erase(block);
    std::free(block);
  }
  c.free.clear();
  c.stats.bytesCached = 0;
}

} // namespace

void releaseGeneratedMemory() {
  Cache &c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  releaseCached(c);
}

void *allocateGeneratedMemory(size_t size) {
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
  if (!block) { // blocks of other sizes, cached for a batch size that no longer runs, may make room
    releaseCached(c);
    block = std::aligned_alloc(kAlignment, rounded);
  }
  if (!block)
    return nullptr;
  c.sizes[block] = rounded;
  ++c.stats.heapAllocations;
  c.stats.bytesInUse += rounded;
  return block;
}

void freeGeneratedMemory(void *block) {
  if (!block)
    return;
  Cache &c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  size_t size = c.sizes.at(block);
  c.free.emplace(size, block);
  c.stats.bytesInUse -= size;
  c.stats.bytesCached += size;
}

} // namespace xcc::rt

// Strong definitions: they take precedence over the weak defaults inside each generated library.
// The pipelines are compiled without Halide's checks (compiler/Codegen/ArtifactBuild.h), which include the one
// of halide_malloc's result: a failure here ends the program with a message, where a null would crash it.
extern "C" void *halide_malloc(void *, size_t size) {
  if (void *block = xcc::rt::allocateGeneratedMemory(size))
    return block;
  std::fprintf(stderr, "xcc: out of memory: the generated code needed another %.1f MB\n", double(size) / 1e6);
  std::_Exit(3);
}

extern "C" void halide_free(void *, void *block) { xcc::rt::freeGeneratedMemory(block); }
