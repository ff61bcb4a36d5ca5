//===- splitmix64.h - xcc's seed mixer --------------------------*- C++ -*-===//
//
// splitmix64 (Steele, Lea & Flood 2014): one step of its Weyl sequence and its finalizer. Statistically good for
// a single word and trivially seekable, which is what counter-based draws (per image, per parameter) need.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_INITIALIZERS_SPLITMIX64_H
#define XCC_INITIALIZERS_SPLITMIX64_H

#include <cstdint>

namespace xcc::rt {

constexpr uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

} // namespace xcc::rt

#endif // XCC_INITIALIZERS_SPLITMIX64_H
