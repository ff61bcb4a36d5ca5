// The tile GEMM's blocking, edges and extern-stage protocol, on the emulated tile unit against a plain
// reference (every machine), and the CPU's AMX tiles against the emulation (`--hardware`; exit 77, skipped,
// where the CPU or Linux does not allow AMX).
//
// Tolerances: the reference sums the same bf16 operands in double, so the only difference is float32 rounding
// of the running sum: |got - want| <= 1e-5 * Σ|a b| (K <= 1024 float32 additions, each off by at most 6e-8 of
// the running magnitude). Hardware and emulation agree to the same bound (the CPU may round its two products
// of a pair together, and flushes denormals, which the emulation does not).
#include "xcc/amx/tiles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace xcc::amx {
namespace {

uint16_t toBf16(float f) { // round to nearest even
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  bits += 0x7fff + ((bits >> 16) & 1);
  return uint16_t(bits >> 16);
}
double fromBf16(uint16_t h) {
  uint32_t bits = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

/// A GEMM with its operands in strided storage (padding between rows, as the extern stage may see), B zero
/// beyond n up to the next 16 columns, and C pre-filled with NaN where it must not be written.
struct Case {
  int64_t m, n, k, aRow, bRow, cRow;
  std::vector<uint16_t> a, b;
  std::vector<float> c;

  Case(int64_t m, int64_t n, int64_t k, uint32_t seed) : m(m), n(n), k(k) {
    aRow = k + 32;
    bRow = 2 * ((n + 15) / 16 * 16) + 64;
    cRow = n + 5;
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    a.assign(size_t(m * aRow), toBf16(7.0f)); // padding that must not be read
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < k; ++j)
        a[size_t(i * aRow + j)] = toBf16(u(rng));
    b.assign(size_t(k / 2 * bRow), toBf16(7.0f));
    for (int64_t p = 0; p < k / 2; ++p)
      for (int64_t j = 0; j < (n + 15) / 16 * 16; ++j)
        for (int i = 0; i < 2; ++i)
          b[size_t(p * bRow + 2 * j + i)] = j < n ? toBf16(u(rng)) : 0;
    c.assign(size_t(m * cRow), std::nanf(""));
  }
  Gemm gemm() {
    Gemm g;
    g.a = a.data();
    g.aRow = aRow;
    g.b = b.data();
    g.bRow = bRow;
    g.c = c.data();
    g.cRow = cRow;
    g.m = m;
    g.n = n;
    g.k = k;
    return g;
  }
  double want(int64_t i, int64_t j, double *magnitude) const {
    double sum = 0, mag = 0;
    for (int64_t kk = 0; kk < k; ++kk) {
      double p = fromBf16(a[size_t(i * aRow + kk)]) * fromBf16(b[size_t(kk / 2 * bRow + 2 * j + kk % 2)]);
      sum += p;
      mag += std::fabs(p);
    }
    *magnitude = mag;
    return sum;
  }
};

void expectMatchesReference(Case &c) {
  for (int64_t i = 0; i < c.m; ++i) {
    for (int64_t j = 0; j < c.cRow; ++j) {
      float got = c.c[size_t(i * c.cRow + j)];
      if (j >= c.n) {
        ASSERT_TRUE(std::isnan(got)) << "wrote past the columns at (" << i << ", " << j << ")";
        continue;
      }
      double magnitude;
      double want = c.want(i, j, &magnitude);
      ASSERT_NEAR(got, want, 1e-5 * magnitude + 1e-30) << "C(" << i << ", " << j << ") of " << c.m << "x" << c.n
                                                        << "x" << c.k;
    }
  }
}

// Whole blocks, one-tile edges of rows and columns, rows and columns that are not multiples of 16, one row.
const int64_t kShapes[][3] = {{32, 32, 32},  {64, 64, 128}, {16, 16, 32}, {17, 33, 64}, {1, 8, 32},
                              {100, 40, 96}, {5, 728, 32},  {147, 24, 736}, {33, 16, 1024}};

TEST(Emulated, MatchesThePlainReference) {
  uint32_t seed = 1;
  for (const auto &s : kShapes) {
    Case c(s[0], s[1], s[2], seed++);
    multiply(c.gemm(), Unit::Emulated);
    expectMatchesReference(c);
  }
}

/// A buffer over `storage`, Halide's layout: dim 0 innermost, host at the element of the mins.
struct View {
  std::vector<xcc_dimension_t> dims;
  xcc_buffer_t buf{};
  View(void *host, xcc_type_t type, std::vector<xcc_dimension_t> d) : dims(std::move(d)) {
    buf.host = static_cast<uint8_t *>(host);
    buf.type = type;
    buf.dimensions = int32_t(dims.size());
    buf.dim = dims.data();
  }
};
constexpr xcc_type_t kBf16{XCC_TYPE_BFLOAT, 16, 1}, kF32{XCC_TYPE_FLOAT, 32, 1};

// The extern stage as a pipeline calls it: c over channels [8, 8 + 24) of a 5 x 3 pixel region of image 1, a and
// b realized over what the bounds query asked for.
TEST(ExternStage, AnswersTheBoundsQueryAndComputesTheRegion) {
  const int32_t k = 64, cmin = 8, cols = 24, w = 5, h = 3;
  std::vector<xcc_dimension_t> cd = {{cmin, cols, 1, 0}, {2, w, cols, 0}, {4, h, cols * w, 0}, {1, 1, cols * w * h, 0}};
  std::vector<float> cStore(size_t(cols * w * h), std::nanf(""));
  View c(cStore.data(), kF32, cd);
  View aQuery(nullptr, kBf16, std::vector<xcc_dimension_t>(4));
  View bQuery(nullptr, kBf16, std::vector<xcc_dimension_t>(5));
  ASSERT_EQ(xcc_amx_gemm_bf16(&aQuery.buf, &bQuery.buf, k, &c.buf), 0);
  EXPECT_EQ(aQuery.dims[0].min, 0);
  EXPECT_EQ(aQuery.dims[0].extent, k);
  for (int d = 1; d < 4; ++d) {
    EXPECT_EQ(aQuery.dims[d].min, cd[d].min);
    EXPECT_EQ(aQuery.dims[d].extent, cd[d].extent);
  }
  EXPECT_EQ(bQuery.dims[1].min, cmin);
  EXPECT_EQ(bQuery.dims[1].extent, 32) << "the columns rounded up to whole tiles";
  EXPECT_EQ(bQuery.dims[2].extent, k / 2);

  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  // a realized over the queried region (dense); b over 48 columns from 0, as a compile-time packed kernel is.
  std::vector<uint16_t> aStore(size_t(k * w * h));
  for (uint16_t &v : aStore)
    v = toBf16(u(rng));
  const int32_t bCols = 48;
  std::vector<uint16_t> bStore(size_t(2 * bCols * (k / 2)));
  for (uint16_t &v : bStore)
    v = toBf16(u(rng));
  View a(aStore.data(), kBf16, {{0, k, 1, 0}, {2, w, k, 0}, {4, h, k * w, 0}, {1, 1, k * w * h, 0}});
  View b(bStore.data(), kBf16, {{0, 2, 1, 0}, {0, bCols, 2, 0}, {0, k / 2, 2 * bCols, 0}, {0, 1, 0, 0}, {0, 1, 0, 0}});
  ASSERT_EQ(xcc_amx_gemm_bf16(&a.buf, &b.buf, k, &c.buf), 0);
  for (int32_t p = 0; p < w * h; ++p)
    for (int32_t j = 0; j < cols; ++j) {
      double want = 0, magnitude = 0;
      for (int32_t kk = 0; kk < k; ++kk) {
        double prod = fromBf16(aStore[size_t(p * k + kk)]) * fromBf16(bStore[size_t(kk / 2 * 2 * bCols + 2 * (cmin + j) + kk % 2)]);
        want += prod;
        magnitude += std::fabs(prod);
      }
      ASSERT_NEAR(cStore[size_t(p * cols + j)], want, 1e-5 * magnitude) << "pixel " << p << ", column " << j;
    }
}

TEST(ExternStage, RefusesWhatItCannotMultiply) {
  std::vector<xcc_dimension_t> cd = {{0, 16, 1, 0}, {0, 1, 16, 0}, {0, 1, 16, 0}, {0, 1, 16, 0}};
  float cStore[16];
  uint16_t aStore[48] = {}, bStore[1024] = {};
  View c(cStore, kF32, cd);
  View a(aStore, kBf16, {{0, 48, 1, 0}, {0, 1, 48, 0}, {0, 1, 48, 0}, {0, 1, 48, 0}});
  View b(bStore, kBf16, {{0, 2, 1, 0}, {0, 16, 2, 0}, {0, 24, 32, 0}});
  EXPECT_EQ(xcc_amx_gemm_bf16(&a.buf, &b.buf, 48, &c.buf), -1) << "K must be a multiple of 32";
  View floatA(aStore, kF32, {{0, 32, 1, 0}, {0, 1, 32, 0}, {0, 1, 32, 0}, {0, 1, 32, 0}});
  EXPECT_EQ(xcc_amx_gemm_bf16(&floatA.buf, &b.buf, 32, &c.buf), -1) << "a must be bf16";
}

TEST(Hardware, MatchesTheEmulation) {
  if (!hardwareTiles())
    GTEST_SKIP() << "no AMX here (run with --hardware for the reason)";
  uint32_t seed = 100;
  for (const auto &s : kShapes) {
    Case hw(s[0], s[1], s[2], seed), emu(s[0], s[1], s[2], seed);
    ++seed;
    multiply(hw.gemm(), Unit::Hardware);
    multiply(emu.gemm(), Unit::Emulated);
    for (int64_t i = 0; i < hw.m; ++i)
      for (int64_t j = 0; j < hw.n; ++j) {
        double magnitude;
        hw.want(i, j, &magnitude);
        ASSERT_NEAR(hw.c[size_t(i * hw.cRow + j)], emu.c[size_t(i * emu.cRow + j)], 1e-5 * magnitude + 1e-30)
            << "C(" << i << ", " << j << ") of " << hw.m << "x" << hw.n << "x" << hw.k;
      }
  }
}

} // namespace
} // namespace xcc::amx

int main(int argc, char **argv) {
  bool hardware = argc > 1 && std::string(argv[1]) == "--hardware";
  if (hardware) {
    if (!xcc::amx::hardwareTiles()) {
      std::printf("skipped: this CPU or OS does not allow AMX bf16 tiles (CPUID amx_tile/amx_bf16, XCR0 tile state "
                  "and Linux's arch_prctl grant are all needed), or xcc was built without AMX intrinsics\n");
      return 77;
    }
    ::testing::GTEST_FLAG(filter) = "Hardware*";
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
