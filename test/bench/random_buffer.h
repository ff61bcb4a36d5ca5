// Seeded uniform random Halide buffers for the benchmarks.
#ifndef XCC_BENCH_RANDOM_BUFFER_H
#define XCC_BENCH_RANDOM_BUFFER_H

#include "HalideBuffer.h"

#include <random>
#include <vector>

namespace xcc::bench {

inline Halide::Runtime::Buffer<float> randomBuffer(std::vector<int> sizes, float lo, float hi, unsigned seed = 1) {
  Halide::Runtime::Buffer<float> b(sizes);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  b.for_each_value([&](float &x) { x = dist(rng); });
  return b;
}

} // namespace xcc::bench

#endif // XCC_BENCH_RANDOM_BUFFER_H
