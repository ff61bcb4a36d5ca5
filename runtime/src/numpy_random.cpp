//===- numpy_random.cpp - numpy legacy RandomState subset -----------------===//

#include "xcc/runtime/numpy_random.h"

#include <numeric>

namespace xcc::rt {

// std::mt19937(seed) is specified as MT19937 with init_genrand seeding, which
// is exactly what numpy's mt19937_seed() does for RandomState(int); the output
// function is the reference tempering in both. Golden values in the tests pin
// this equivalence down.
NumpyRandomState::NumpyRandomState(uint32_t seed) : engine_(seed) {}

uint32_t NumpyRandomState::nextUint32() {
  return static_cast<uint32_t>(engine_());
}

uint64_t NumpyRandomState::randomInterval(uint64_t max) {
  if (max == 0)
    return 0;
  // Smallest all-ones mask covering max; draws above max are rejected, so the
  // number of draws consumed (and thus later results) matches numpy.
  uint64_t mask = max;
  for (int shift = 1; shift <= 32; shift *= 2)
    mask |= mask >> shift;
  uint64_t value;
  if (max <= 0xffffffffULL) {
    do
      value = nextUint32() & mask;
    while (value > max);
    return value;
  }
  do {
    // numpy's legacy next_uint64 takes the high word first.
    uint64_t hi = nextUint32();
    value = ((hi << 32) | nextUint32()) & mask;
  } while (value > max);
  return value;
}

std::vector<size_t> numpyShufflePermutation(size_t n, uint32_t seed) {
  std::vector<size_t> perm(n);
  std::iota(perm.begin(), perm.end(), size_t{0});
  NumpyRandomState rng(seed);
  rng.shuffle(perm);
  return perm;
}

} // namespace xcc::rt
