// Which of a Halide target's features a CPU lacks (cpu_features.h): the check that keeps an artifact from dying of
// SIGILL on a CPU it was not compiled for.
#include "xcc/amx/tiles.h"
#include "xcc/runtime/abi.h"
#include "xcc/runtime/artifact_variants.h"
#include "xcc/runtime/cpu_features.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

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

// xcc's own amx_bf16 feature needs both tile extensions.
TEST(CpuFeatures, AnAmxTargetNeedsTheTiles) {
  const CpuFeatures avx512 = {"sse4.1", "avx", "f16c", "fma", "avx2", "avx512f", "avx512cd", "avx512vl", "avx512bw",
                              "avx512dq"};
  EXPECT_EQ(missingCpuFeatures(std::string(kAvx512) + "-amx_bf16", avx512), "amx_bf16, amx_tile");
  CpuFeatures amx = avx512;
  amx.insert({"amx_tile", "amx_bf16"});
  EXPECT_EQ(missingCpuFeatures(std::string(kAvx512) + "-amx_bf16", amx), "");
}

/// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(const char *n, const char *value) : name(n) { setenv(n, value, 1); }
  ~ScopedEnv() { unsetenv(name.c_str()); }
};

// AMX counts where Linux grants it; XCC_AMX_EMULATION=1 makes it count anywhere (the tile emulation runs it).
TEST(CpuFeatures, AmxWhereGrantedOrEmulated) {
  EXPECT_EQ(hostCpuFeatures().count("amx_bf16"), amx::hardwareTiles() ? 1u : 0u);
  ScopedEnv emulate("XCC_AMX_EMULATION", "1");
  EXPECT_EQ(hostCpuFeatures().count("amx_tile"), 1u);
  EXPECT_EQ(hostCpuFeatures().count("amx_bf16"), 1u);
}

/// A variant with the fields chooseArtifact reads.
struct FakeVariant {
  std::string json;
  xcc_artifact artifact{};
  FakeVariant(const std::string &target, const std::string &matmul) {
    json = std::string(R"({"format": ")") + XCC_ARTIFACT_FORMAT + R"(", "version": )" +
           std::to_string(XCC_ARTIFACT_VERSION) + R"(, "model": "m", "phase": "inference", "function": "f",
      "target": ")" + target + R"(", "dtype_policy": "mixed_bfloat16", "matmul": ")" + matmul + R"(",
      "input": {"layer": "in", "shape": [-1, 4]}, "output": {"layer": "out", "shape": [-1, 1]},
      "parameters": [], "frozen_hash": ""})";
    artifact.manifest_json = json.c_str();
  }
};

// The mixed_bfloat16 default variants, most capable first: AMX where the CPU has it, bf16 dot products where
// they pay (not beside AMX, where they are slower than float32 FMAs), float32 otherwise.
TEST(ArtifactVariants, AmxFirstAndDotProductsOnlyWhereTheyPay) {
  const CpuFeatures host = hostCpuFeatures();
  if (!missingCpuFeatures(kAvx512, host).empty())
    GTEST_SKIP() << "this CPU runs no AVX-512 variant, so the choice among them cannot be shown here";
  FakeVariant amx(std::string(kAvx512) + "-amx_bf16", "amx_bf16");
  const std::string dotTarget = std::string(kAvx512) + "-avx512_cannonlake-avx512_sapphirerapids";
  FakeVariant dot(dotTarget, "bf16_dot");
  FakeVariant f32(kAvx512, "float32"), avx2(kAvx2, "float32");
  const xcc_artifact *variants[] = {&amx.artifact, &dot.artifact, &f32.artifact, &avx2.artifact};
  const bool dotHere = missingCpuFeatures(dotTarget, host).empty();
  if (!amx::hardwareTiles())
    EXPECT_EQ(chooseArtifact(variants, 4), dotHere ? &dot.artifact : &f32.artifact);
  ScopedEnv emulate("XCC_AMX_EMULATION", "1");
  EXPECT_EQ(chooseArtifact(variants, 4), &amx.artifact);
  EXPECT_EQ(chooseArtifact(variants + 1, 3), &f32.artifact) << "bf16 dot products chosen on a CPU with AMX";
}

} // namespace
} // namespace xcc::rt
