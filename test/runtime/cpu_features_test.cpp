// Which of a Halide target's features a CPU lacks (cpu_features.h): the check that keeps an artifact from dying of
// SIGILL on a CPU it was not compiled for.
#include "xcc/runtime/cpu_features.h"

#include <gtest/gtest.h>

namespace xcc::rt {
namespace {

const char *kAvx512 = "x86-64-linux-sse41-avx-f16c-fma-avx2-avx512-avx512_skylake";
const char *kAvx2 = "x86-64-linux-sse41-avx-f16c-fma-avx2";

// An AVX2-only CPU (Zen 2, Haswell) lacks exactly the five AVX-512 extensions Skylake-level code uses; it runs the
// AVX2 target; a CPU with everything runs both; features that are not instructions need nothing.
TEST(CpuFeatures, NamesWhatATargetNeedsAndTheCpuLacks) {
  const CpuFeatures avx2 = {"sse4.1", "avx", "f16c", "fma", "avx2"};
  EXPECT_EQ(missingCpuFeatures(kAvx512, avx2), "avx512bw, avx512cd, avx512dq, avx512f, avx512vl");
  EXPECT_EQ(missingCpuFeatures(kAvx2, avx2), "");
  CpuFeatures all = avx2;
  all.insert({"avx512f", "avx512cd", "avx512vl", "avx512bw", "avx512dq"});
  EXPECT_EQ(missingCpuFeatures(kAvx512, all), "");
  EXPECT_EQ(missingCpuFeatures("x86-64-linux-no_asserts-no_runtime", {}), "");
  EXPECT_EQ(missingCpuFeatures(kAvx2, {}), "avx, avx2, f16c, fma, sse4.1");
}

// This machine's own answer is consistent: AVX-512 implies AVX2, and every development and CI machine so far (Zen 4,
// Zen 5, Sapphire Rapids) runs the AVX2 target.
TEST(CpuFeatures, HostRunsTheAvx2Target) {
  const CpuFeatures host = hostCpuFeatures();
  EXPECT_EQ(missingCpuFeatures(kAvx2, host), "");
  if (host.count("avx512f"))
    EXPECT_TRUE(host.count("avx2"));
}

} // namespace
} // namespace xcc::rt
