// xcc's compiled forward pass against TensorFlow.js, an implementation nobody in this project wrote.
//
// The real ImageNet MobileNet v1 (tfjs layers format, ../shared/models), cut at conv_dw_13_relu, was imported and
// compiled with its real weights at build time (no head). Here 2 cat + 2 dog photos are decoded and resized to
// 224x224 by xcc's runtime and scaled to [-1, 1] (mobilenet.preprocess_input); those float32 tensors go to a file,
// and both the generated function and TF.js 4.22 (tfjs_forward.js, wasm backend) run on exactly them, so only the
// model execution is compared. Every element of the 7x7x1024 feature maps, and of their global averages, must
// satisfy |xcc - tfjs| <= 1e-3 * max|tfjs| + 1e-4. Missing data, model, node or node_modules fail the test.
#include "mobilenet_1_00_224_inference_forward.h"

#include "oracle_util.h"

#include "HalideBuffer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace fs = std::filesystem;
using namespace xcc::oracle;

namespace {

constexpr int kSize = 224;
constexpr int kOutH = 7, kOutW = 7, kOutC = 1024;
constexpr double kRelTol = 1e-3; // of the largest |activation| in the batch
constexpr double kAbsTol = 1e-4;

TEST(OracleTfjs, MobileNetV1CutMatchesTfjsOnRealPhotos) {
  std::vector<fs::path> photos = realPhotos(2);
  const int n = static_cast<int>(photos.size());
  std::vector<float> input = preprocess(photos, kSize, 1.0f / 127.5f, -1.0f);
  fs::path inFile = workDir() / "mobilenet_v1_input.f32", outFile = workDir() / "mobilenet_v1_tfjs.f32";
  writeFloats(inFile, input);

  // xcc: the generated function on the same tensors (Halide dimensions are the Keras shape reversed).
  std::vector<float> got(static_cast<size_t>(n) * kOutH * kOutW * kOutC);
  Halide::Runtime::Buffer<float> inBuf(input.data(), {3, kSize, kSize, n});
  Halide::Runtime::Buffer<float> outBuf(got.data(), {kOutC, kOutW, kOutH, n});
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(mobilenet_1_00_224_inference_forward(inBuf.raw_buffer(), outBuf.raw_buffer()), 0);
  double xccMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  std::string info = runTfjs(XCC_ORACLE_MOBILENET_JSON, "conv_dw_13_relu", inFile, {n, kSize, kSize, 3}, outFile);
  std::vector<float> want = readFloats(outFile);
  ASSERT_EQ(want.size(), got.size()) << "tfjs wrote " << want.size() << " floats; " << info;

  std::printf("images:");
  for (const auto &p : photos)
    std::printf(" %s", p.filename().c_str());
  std::printf("\ntfjs: %sxcc: batch %d in %.0f ms\n", info.c_str(), n, xccMs);

  Diff d = compare(got, want, kRelTol, kAbsTol);
  printDiff("feature maps [" + std::to_string(n) + ",7,7,1024]", d, kRelTol, kAbsTol);

  // Their global averages (what a transfer head sees), per image.
  const size_t per = static_cast<size_t>(kOutH) * kOutW * kOutC;
  std::vector<float> gapGot(static_cast<size_t>(n) * kOutC, 0.f), gapWant(gapGot.size(), 0.f);
  for (int b = 0; b < n; ++b)
    for (size_t i = 0; i < static_cast<size_t>(kOutH) * kOutW; ++i)
      for (int c = 0; c < kOutC; ++c) {
        gapGot[b * kOutC + c] += got[b * per + i * kOutC + c] / (kOutH * kOutW);
        gapWant[b * kOutC + c] += want[b * per + i * kOutC + c] / (kOutH * kOutW);
      }
  Diff g = compare(gapGot, gapWant, kRelTol, kAbsTol);
  printDiff("global averages [" + std::to_string(n) + ",1024]", g, kRelTol, kAbsTol);

  // Not a trivial agreement: real activations, different per image.
  EXPECT_GT(d.maxRef, 0.5) << "the features are (near) zero; the weights did not load";
  double between = 0;
  for (size_t i = 0; i < per; ++i)
    between = std::max(between, static_cast<double>(std::fabs(want[i] - want[per + i])));
  EXPECT_GT(between, 100 * d.tol) << "two different photos give the same features";

  EXPECT_EQ(d.over, 0u) << "worst element " << d.worst << ": xcc " << got[d.worst] << ", tfjs " << want[d.worst];
  EXPECT_EQ(g.over, 0u) << "worst element " << g.worst << ": xcc " << gapGot[g.worst] << ", tfjs " << gapWant[g.worst];
}

} // namespace
