//===- dropout_mask.h - the seeded draw of Dropout in a train step -*- C++ -*-===//
//
// Keras draws Dropout's mask from its own RNG, which no one outside TensorFlow/JAX can reproduce bit for bit.
// xcc instead defines the draw as a pure function of (run seed, optimizer iteration, layer seed, element index):
// reproducible across runs and thread counts, independent for each step and layer, and cheap to evaluate inside
// the generated kernels (compiler/Halide/Train.cpp computes the same arithmetic in Halide). Tests
// recompute masks with this header.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_DROPOUT_MASK_H
#define XCC_RUNTIME_DROPOUT_MASK_H

#include <cstdint>

namespace xcc::rt {

/// A 32-bit integer hash with full avalanche (the "lowbias32" constants of Wellons' hash prospector).
constexpr uint32_t mixBits(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

/// The per-step, per-layer key; the layer seed is the xnn.dropout `seed` attribute (0 when absent).
constexpr uint32_t dropoutKey(uint32_t runSeed, uint32_t iteration, uint32_t layerSeed) {
  return mixBits(runSeed ^ mixBits(iteration ^ mixBits(layerSeed)));
}

/// Whether element `index` (row-major over the whole batch tensor) is kept: a uniform draw in [0, 1) with 24
/// bits, kept when it is at least `rate`, so a fraction 1 - rate survives.
constexpr bool dropoutKeeps(uint32_t key, uint32_t index, float rate) {
  return float(mixBits(index ^ key) >> 8) * (1.0f / 16777216.0f) >= rate;
}

} // namespace xcc::rt

#endif // XCC_RUNTIME_DROPOUT_MASK_H
