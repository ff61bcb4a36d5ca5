//===- numpy_random.h - numpy legacy RandomState subset ---------*- C++ -*-===//
//
// Keras shuffles the file list with np.random.RandomState(seed).shuffle, so
// reproducing its train/validation split bit-for-bit needs numpy's legacy
// generator: MT19937 seeded with init_genrand, and shuffle() as a
// Fisher-Yates walk from the end drawing j by masked rejection sampling.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_NUMPY_RANDOM_H
#define XCC_RUNTIME_NUMPY_RANDOM_H

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace xcc::rt {

/// Mirrors np.random.RandomState(seed) for the calls Keras makes.
class NumpyRandomState {
public:
  /// Same state as np.random.RandomState(seed) for an integer seed.
  explicit NumpyRandomState(uint32_t seed);

  /// One raw 32-bit MT19937 draw (numpy's legacy next_uint32).
  uint32_t nextUint32();

  /// Uniform integer in [0, max], numpy's legacy random_interval().
  uint64_t randomInterval(uint64_t max);

  /// In-place shuffle with the same draws as RandomState.shuffle(x).
  template <typename T> void shuffle(std::vector<T> &items) {
    for (size_t i = items.size(); i > 1; --i) {
      size_t j = static_cast<size_t>(randomInterval(i - 1));
      std::swap(items[i - 1], items[j]);
    }
  }

private:
  std::mt19937 engine_;
};

/// The permutation RandomState(seed).shuffle applies to n items:
/// result[k] is the original index of the item that ends up at position k.
std::vector<size_t> numpyShufflePermutation(size_t n, uint32_t seed);

} // namespace xcc::rt

#endif // XCC_RUNTIME_NUMPY_RANDOM_H
