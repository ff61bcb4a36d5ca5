// The CPU's tile unit. Compiled with -mamx-tile -mamx-bf16 (runtime/amx/CMakeLists.txt); called only where
// hardwareTiles() says the CPU and Linux allow it.
#include "blocking.h"

#include <immintrin.h>

namespace xcc::amx {
namespace {

/// AMX's tile configuration (palette 1): every tile 16 rows x 64 bytes.
struct alignas(64) TileConfig {
  uint8_t palette = 1, startRow = 0;
  uint8_t reserved[14] = {};
  uint16_t colsb[16] = {};
  uint8_t rows[16] = {};
};

class HardwareTiles {
public:
  HardwareTiles() {
    TileConfig cfg;
    for (int t = 0; t < 8; ++t) {
      cfg.colsb[t] = 64;
      cfg.rows[t] = detail::kRows;
    }
    _tile_loadconfig(&cfg); // per thread: Halide's worker threads each configure on their call
  }
  ~HardwareTiles() { _tile_release(); }
  HardwareTiles(const HardwareTiles &) = delete;
  HardwareTiles &operator=(const HardwareTiles &) = delete;

  // gcc's tile intrinsics are macros that paste their tile number into the assembly, so each must see a
  // literal: the tiles blocking.h uses, spelled out.
  template <int T> void zero() {
    static_assert(T >= 0 && T <= 3, "C tiles are tmm0-3");
    if constexpr (T == 0)
      _tile_zero(0);
    else if constexpr (T == 1)
      _tile_zero(1);
    else if constexpr (T == 2)
      _tile_zero(2);
    else
      _tile_zero(3);
  }
  template <int T> void load(const void *p, int64_t strideBytes) {
    static_assert(T >= 4 && T <= 7, "A and B tiles are tmm4-7");
    if constexpr (T == 4)
      _tile_loadd(4, p, strideBytes);
    else if constexpr (T == 5)
      _tile_loadd(5, p, strideBytes);
    else if constexpr (T == 6)
      _tile_loadd(6, p, strideBytes);
    else
      _tile_loadd(7, p, strideBytes);
  }
  template <int T> void store(void *p, int64_t strideBytes) {
    static_assert(T >= 0 && T <= 3, "C tiles are tmm0-3");
    if constexpr (T == 0)
      _tile_stored(0, p, strideBytes);
    else if constexpr (T == 1)
      _tile_stored(1, p, strideBytes);
    else if constexpr (T == 2)
      _tile_stored(2, p, strideBytes);
    else
      _tile_stored(3, p, strideBytes);
  }
  template <int C, int A, int B> void dot() {
    static_assert(C == (A - 4) * 2 + (B - 6), "C(i, j) = A(i) B(j), as blocking.h pairs them");
    if constexpr (C == 0)
      _tile_dpbf16ps(0, 4, 6);
    else if constexpr (C == 1)
      _tile_dpbf16ps(1, 4, 7);
    else if constexpr (C == 2)
      _tile_dpbf16ps(2, 5, 6);
    else
      _tile_dpbf16ps(3, 5, 7);
  }
};

} // namespace

namespace detail {
void multiplyHardware(const Gemm &g) { blockedMultiply<HardwareTiles>(g); }
} // namespace detail

} // namespace xcc::amx
