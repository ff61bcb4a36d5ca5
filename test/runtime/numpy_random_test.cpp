//===- numpy_random_test.cpp - numpy legacy RandomState golden values -----===//
//
// Every expected value below was produced by Debian's numpy 1.24.2
// (/usr/bin/python3); the command that produced it is in the comment.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/numpy_random.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

using xcc::rt::NumpyRandomState;
using xcc::rt::numpyShufflePermutation;

namespace {

std::vector<int> shuffledRange(int n, uint32_t seed) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  NumpyRandomState rng(seed);
  rng.shuffle(v);
  return v;
}

} // namespace

// Raw draws must equal numpy's: RandomState(int) is init_genrand seeding.
// python3 -c "import numpy as np; r=np.random.RandomState(42);
//   print(r.randint(0, 2**32, size=3, dtype=np.uint32).tolist())"
TEST(NumpyRandom, RawDrawsSeed42) {
  NumpyRandomState rng(42);
  EXPECT_EQ(rng.nextUint32(), 1608637542u);
  EXPECT_EQ(rng.nextUint32(), 3421126067u);
  EXPECT_EQ(rng.nextUint32(), 4083286876u);
}

// Same check for seed 0, where init_genrand's first word is 0.
// python3 -c "import numpy as np; r=np.random.RandomState(0);
//   print(r.randint(0, 2**32, size=3, dtype=np.uint32).tolist())"
TEST(NumpyRandom, RawDrawsSeed0) {
  NumpyRandomState rng(0);
  EXPECT_EQ(rng.nextUint32(), 2357136044u);
  EXPECT_EQ(rng.nextUint32(), 2546248239u);
  EXPECT_EQ(rng.nextUint32(), 3071714933u);
}

// Seed 1337 is the one the Keras guides use for image_dataset_from_directory.
// python3 -c "import numpy as np; r=np.random.RandomState(1337);
//   x=list(range(10)); r.shuffle(x); print(x)"
TEST(NumpyRandom, ShuffleSeed1337) {
  EXPECT_EQ(shuffledRange(10, 1337),
            (std::vector<int>{6, 3, 0, 4, 5, 2, 1, 9, 8, 7}));
}

// numpy's list path and its int32 ndarray path (how Keras shuffles paths and
// labels) give the same order; both print this:
// python3 -c "import numpy as np; r=np.random.RandomState(42);
//   x=np.arange(20,dtype=np.int32); r.shuffle(x); print(x.tolist())"
TEST(NumpyRandom, ShuffleSeed42Twenty) {
  EXPECT_EQ(shuffledRange(20, 42),
            (std::vector<int>{0, 17, 15, 1, 8, 5, 11, 3, 18, 16, 13, 2, 9, 19,
                              4, 12, 7, 10, 14, 6}));
}

// The largest legal seed, 2**32-1, must not be truncated or rejected.
// python3 -c "import numpy as np; r=np.random.RandomState(4294967295);
//   x=list(range(7)); r.shuffle(x); print(x)"
TEST(NumpyRandom, ShuffleMaxSeed) {
  EXPECT_EQ(shuffledRange(7, 4294967295u),
            (std::vector<int>{1, 5, 0, 6, 4, 2, 3}));
}

// A dataset-sized shuffle (1802 = the cats_vs_dogs file count) exercises
// many rejection draws; checked at both ends.
// python3 -c "import numpy as np; r=np.random.RandomState(123);
//   x=list(range(1802)); r.shuffle(x); print(x[:8], x[-8:])"
TEST(NumpyRandom, ShuffleLargeSeed123) {
  std::vector<int> v = shuffledRange(1802, 123);
  EXPECT_EQ(std::vector<int>(v.begin(), v.begin() + 8),
            (std::vector<int>{708, 1545, 270, 756, 1783, 1052, 1430, 564}));
  EXPECT_EQ(std::vector<int>(v.end() - 8, v.end()),
            (std::vector<int>{1619, 1041, 1766, 1122, 1346, 1406, 1389,
                              1534}));
}

// numpyShufflePermutation is the same walk applied to indices.
TEST(NumpyRandom, PermutationMatchesShuffle) {
  std::vector<size_t> perm = numpyShufflePermutation(10, 1337);
  EXPECT_EQ(perm, (std::vector<size_t>{6, 3, 0, 4, 5, 2, 1, 9, 8, 7}));
}

// random_interval(0) must consume no draws (numpy returns 0 immediately),
// otherwise every later value would shift.
TEST(NumpyRandom, IntervalZeroConsumesNothing) {
  NumpyRandomState rng(42);
  EXPECT_EQ(rng.randomInterval(0), 0u);
  EXPECT_EQ(rng.nextUint32(), 1608637542u);
}

// Masked rejection: for max=5 the mask is 7; values 6 and 7 are redrawn, so
// the result is always in range and equals the first in-range masked draw.
TEST(NumpyRandom, IntervalUsesMaskedRejection) {
  NumpyRandomState ref(42), rng(42);
  uint32_t expected;
  do
    expected = ref.nextUint32() & 7u;
  while (expected > 5u);
  EXPECT_EQ(rng.randomInterval(5), expected);
}

// Empty and single-element shuffles draw nothing, like numpy's loop
// `for i in reversed(range(1, n))`.
TEST(NumpyRandom, TinyShufflesDrawNothing) {
  NumpyRandomState rng(42);
  std::vector<int> empty, one{7};
  rng.shuffle(empty);
  rng.shuffle(one);
  EXPECT_EQ(one, std::vector<int>{7});
  EXPECT_EQ(rng.nextUint32(), 1608637542u);
}
