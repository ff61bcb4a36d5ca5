// mixed_bfloat16 against the float32 reference: the GEMMs compute in bf16 pairs on AVX-512 bf16 dot products
// (compiler/Halide/Gemm.cpp), so outputs and gradients are held to bf16's precision, per tensor: relative L2
// ‖gen - ref‖ / ‖ref‖ ≤ 1e-2 (bf16 keeps 8 significant bits: 4e-3 relative per rounding). A forward that stays
// within 1e-5 of the reference did not run in bf16 at all (float32 lands near 1e-7), and fails too.
// The artifacts are compiled for the bf16 target on any machine; on a CPU without avx512_bf16 the tests report
// themselves skipped, with the reason. The *_amx artifacts run their convolutions on AMX tiles (runtime/amx):
// the CPU's where it has them, the portable emulation elsewhere, so they run on any AVX-512 machine.
#include "generated_call.h"
#include "random_values.h"
#include "reference_interpreter.h"
#include "train_check.h"

#include "xcc/amx/tiles.h"
#include "xcc/runtime/cpu_features.h"
#include "xcc/runtime/manifest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

extern "C" int mixed_forward_inference_forward_argv(void **);
extern "C" int mixed_dense_inference_forward_argv(void **);
extern "C" int mixed_train_train_train_argv(void **);
extern "C" int mixed_dense_inference_amx_forward_argv(void **);
extern "C" int mixed_forward_inference_amx_forward_argv(void **);
extern "C" int mixed_train_train_amx_train_argv(void **);
extern "C" int xception_transfer_inference_amx_forward_argv(void **);

namespace xcc::test {
namespace {

/// Why this CPU cannot run the artifact in `dir` ("" when it can). Called directly, an AMX artifact's extern
/// stages fall back to the tile emulation, so AMX itself is not needed.
std::string cannotRun(const std::string &dir) {
  rt::Manifest m = rt::parseManifest(readFile(dir + "/manifest.json"));
  rt::CpuFeatures cpu = rt::hostCpuFeatures();
  cpu.insert({"amx_tile", "amx_bf16"});
  std::string missing = rt::missingCpuFeatures(m.target, cpu);
  return missing.empty() ? "" : "this CPU lacks " + missing + ", which the artifact's code needs";
}

#define XCC_SKIP_UNLESS_RUNNABLE(dir)                                                                              \
  if (std::string why = cannotRun(dir); !why.empty())                                                             \
  GTEST_SKIP() << why

TEST(MixedBfloat16, ManifestSaysHowItComputes) {
  rt::Manifest m = rt::parseManifest(readFile(XCC_ARTIFACTS_DIR "/mixed_forward/manifest.json"));
  EXPECT_EQ(m.dtypePolicy, "mixed_bfloat16");
  EXPECT_EQ(m.matmul, "bf16_dot");
  rt::Manifest amx = rt::parseManifest(readFile(XCC_ARTIFACTS_DIR "/mixed_forward_amx/manifest.json"));
  EXPECT_EQ(amx.dtypePolicy, "mixed_bfloat16");
  EXPECT_EQ(amx.matmul, "amx_bf16");
}

void sayWhichTiles() {
  std::printf("[ tiles ] %s\n", amx::hardwareTiles() ? "the CPU's AMX tiles" : "the portable tile emulation");
}

/// Within relative L2 `bound` of the reference; and, `distinct`, further than 1e-5 from it, or the GEMMs did not
/// run in bf16.
void expectForwardWithinBf16(const std::string &dir, int (*fn)(void **), int64_t batch = 3, double bound = 1e-2,
                             bool distinct = true) {
  kg::Graph g = loadReferenceGraph(dir);
  std::mt19937 rng(1234);
  ref::Tensor input = randomTensor(withBatch(g.nodes[g.inputs[0]].shape, batch), rng, 0.0f, 255.0f);
  ref::TensorD want = runReference(g, input.cast<double>(), {});
  ref::Tensor got = callGenerated(fn, input, {}, want.shape);
  ASSERT_EQ(got.shape, want.shape);
  double diff2 = 0, ref2 = 0;
  for (size_t i = 0; i < want.data.size(); ++i) {
    double d = double(got.data[i]) - want.data[i];
    diff2 += d * d;
    ref2 += want.data[i] * want.data[i];
  }
  double rel = std::sqrt(diff2 / ref2);
  std::printf("[ %s ] %zu outputs: relative L2 %.3g\n", dir.c_str(), want.data.size(), rel);
  EXPECT_LE(rel, bound);
  if (distinct)
    EXPECT_GE(rel, 1e-5) << "as close as float32: the GEMMs did not run in bf16";
}

// Convolutions 3x3, separable and 1x1 of stride 2, frozen weights packed at compile time; batch 3.
TEST(MixedBfloat16, ForwardWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/mixed_forward";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  expectForwardWithinBf16(dir, mixed_forward_inference_forward_argv);
}

// The same on AMX tiles: implicit im2col of the 3x3 and the strided convolutions; K = 144 and 48 padded to whole
// tiles of 32, rows of 14 and 7 pixels (edges of the tile rows).
TEST(MixedBfloat16Amx, ForwardWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/mixed_forward_amx";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  sayWhichTiles();
  expectForwardWithinBf16(dir, mixed_forward_inference_amx_forward_argv);
}

// Dense layers alone (Keras computes them in bf16 too): the lower bound shows that they did, here and on tiles.
TEST(MixedBfloat16, DenseWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/mixed_dense";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  expectForwardWithinBf16(dir, mixed_dense_inference_forward_argv, 5);
}

TEST(MixedBfloat16Amx, DenseWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/mixed_dense_amx";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  sayWhichTiles();
  expectForwardWithinBf16(dir, mixed_dense_inference_amx_forward_argv, 5);
}

// Every parameter's gradient, the kernels packed once per step, at batch 2 and 9 (weight gradients reduced in
// tasks of 4 images).
TEST(MixedBfloat16, TrainStepWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/mixed_train";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  for (int64_t batch : {2, 9}) {
    StepCase c;
    c.batch = batch;
    c.bf16 = true;
    expectStepMatchesReference(dir, mixed_train_train_train_argv, c);
  }
}

// The guide's Xception (random weights, BN folded) on tiles, batch 2: 40 convolutions and the Dense head in bf16,
// one after another. Its two logits average 5 x 5 x 2048 features, whose bf16 errors mostly cancel (this test
// prints 2.2e-4 relative, most of it the head's 2048 rounded features: 7.5e-6 with the head in float32): so the
// bound is 1e-3, not 1e-2, or a wrong panel of weights could hide in it, and there is no lower bound (the small
// models above show that the tiles compute in bf16).
TEST(MixedBfloat16Amx, XceptionForwardWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/xception_amx";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  EXPECT_EQ(rt::parseManifest(readFile(dir + "/manifest.json")).matmul, "amx_bf16");
  sayWhichTiles();
  expectForwardWithinBf16(dir, xception_transfer_inference_amx_forward_argv, 2, 1e-3, false);
}

// The forward and the backward's GEMMs on tiles, trainable kernels packed per step.
TEST(MixedBfloat16Amx, TrainStepWithinBf16OfTheReference) {
  const std::string dir = XCC_ARTIFACTS_DIR "/mixed_train_amx";
  XCC_SKIP_UNLESS_RUNNABLE(dir);
  sayWhichTiles();
  for (int64_t batch : {2, 9}) {
    StepCase c;
    c.batch = batch;
    c.bf16 = true;
    expectStepMatchesReference(dir, mixed_train_train_amx_train_argv, c);
  }
}

} // namespace
} // namespace xcc::test
