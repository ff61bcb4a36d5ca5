// An artifact with a variant per CPU (xcc_add_model TARGETS, artifact_variants.h): the variant it runs is the
// first its CPU can run. The ctest entry runtime-model-variants-avx2 runs this program as on a CPU without
// AVX-512 (XCC_CPU_WITHOUT=avx512f, XCC_EXPECT_AVX2=1); train_step_test.cpp, linked in, then checks that variant's
// numbers against the reference.
#include "xcc/runtime/cpu_features.h"
#include "xcc/runtime/model.h"

#include <gtest/gtest.h>

#include <cstdlib>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace xcc::rt {
namespace {

TEST(Variants, RunsTheFirstVariantThisCpuRuns) {
  const bool avx512 = hostCpuFeatures().count("avx512f") > 0;
  const bool expectAvx2 = std::getenv("XCC_EXPECT_AVX2") != nullptr;
  if (expectAvx2)
    ASSERT_FALSE(avx512) << "XCC_CPU_WITHOUT=avx512f should hide AVX-512";
  Model model(XCC_ARTIFACT_SYMBOL());
  EXPECT_EQ(model.manifest().target, avx512 ? XCC_AVX512_TARGET : XCC_AVX2_TARGET);
}

} // namespace
} // namespace xcc::rt
