//===- generated_memory.h - memory for generated code -----------*- C++ -*-===//
//
// Generated code asks for its intermediate buffers through halide_malloc/halide_free. The runtime replaces
// Halide's default (malloc + free on every call) with a cache of freed blocks by size: a training step repeats
// the same allocations, so after the first step nothing touches the heap and no fresh pages fault in (what that
// saves: docs/studies.md). Linking this file in is enough; the functions below report what it did.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_GENERATED_MEMORY_H
#define XCC_RUNTIME_GENERATED_MEMORY_H

#include <cstddef>

namespace xcc::rt {

struct GeneratedMemoryStats {
  size_t heapAllocations = 0; ///< blocks obtained from the system allocator so far
  size_t reuses = 0;          ///< requests served from the cache
  size_t bytesInUse = 0;      ///< held by generated code right now
  size_t bytesCached = 0;     ///< freed by generated code, kept for reuse
};

GeneratedMemoryStats generatedMemoryStats();

/// A block of at least `bytes` from the cache or the system; nullptr when the system has none. What halide_malloc
/// serves (which ends the program instead of returning nullptr: the pipelines do not check).
void *allocateGeneratedMemory(size_t bytes);
void freeGeneratedMemory(void *block);

/// Returns cached blocks to the system (e.g. between phases with different buffer sizes).
void releaseGeneratedMemory();

} // namespace xcc::rt

#endif // XCC_RUNTIME_GENERATED_MEMORY_H
