// The portable tile unit: AMX's tilezero, tileloadd, tilestored and tdpbf16ps in plain C++, so that the
// blocking (blocking.h) runs, and is tested, on any CPU.
#include "blocking.h"

#include <cstring>

namespace xcc::amx {
namespace {

float fromBf16(uint16_t h) {
  uint32_t bits = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

class EmulatedTiles {
public:
  template <int T> void zero() { std::memset(tiles_[T], 0, sizeof tiles_[T]); }
  template <int T> void load(const void *p, int64_t strideBytes) {
    for (int r = 0; r < detail::kRows; ++r)
      std::memcpy(tiles_[T][r], static_cast<const unsigned char *>(p) + r * strideBytes, kRowBytes);
  }
  template <int T> void store(void *p, int64_t strideBytes) const {
    for (int r = 0; r < detail::kRows; ++r)
      std::memcpy(static_cast<unsigned char *>(p) + r * strideBytes, tiles_[T][r], kRowBytes);
  }
  /// tdpbf16ps as Intel's pseudo-code orders it: per row m and pair k, C[m][n] += a0 b0, then += a1 b1, each
  /// product and sum rounded to float32.
  template <int C, int A, int B> void dot() {
    float c[16][16];
    uint16_t a[16][32], b[16][32];
    std::memcpy(c, tiles_[C], sizeof c);
    std::memcpy(a, tiles_[A], sizeof a);
    std::memcpy(b, tiles_[B], sizeof b);
    for (int m = 0; m < 16; ++m)
      for (int k = 0; k < 16; ++k)
        for (int n = 0; n < 16; ++n) {
          c[m][n] += fromBf16(a[m][2 * k]) * fromBf16(b[k][2 * n]);
          c[m][n] += fromBf16(a[m][2 * k + 1]) * fromBf16(b[k][2 * n + 1]);
        }
    std::memcpy(tiles_[C], c, sizeof c);
  }

private:
  static constexpr int kRowBytes = 64;
  alignas(64) unsigned char tiles_[8][detail::kRows][kRowBytes];
};

} // namespace

namespace detail {
void multiplyEmulated(const Gemm &g) { blockedMultiply<EmulatedTiles>(g); }
} // namespace detail

} // namespace xcc::amx
