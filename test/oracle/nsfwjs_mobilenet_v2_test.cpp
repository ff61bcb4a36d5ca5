// xcc's compiled forward pass against TensorFlow.js on a second real, pretrained model: the MobileNetV2 that the
// npm package nsfwjs ships (Keras 2.2.4, ImageNet-derived, fine-tuned into a 5-class classifier, uint8-quantized
// weights). nsfwjs_export.js wrote it as model.json + shard; it was imported whole (head included) and compiled
// with those weights. The same photos as the MobileNet v1 test, resized by xcc's runtime and scaled to [0, 1] (the
// scaling nsfwjs uses), go through both; every one of the 5 softmax outputs per image must satisfy
// |xcc - tfjs| <= 1e-3 * max|tfjs| + 1e-4. The model is only a second, independent workload: its classes are not
// used.
#include "model_1_inference_forward.h"

#include "oracle_util.h"

#include "HalideBuffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

namespace fs = std::filesystem;
using namespace xcc::oracle;

namespace {

constexpr int kSize = 224;
constexpr int kClasses = 5;
constexpr double kRelTol = 1e-3;
constexpr double kAbsTol = 1e-4;

TEST(OracleTfjs, NsfwjsMobileNetV2MatchesTfjsOnRealPhotos) {
  std::vector<fs::path> photos = realPhotos(2);
  const int n = static_cast<int>(photos.size());
  std::vector<float> input = preprocess(photos, kSize, 1.0f / 255.0f, 0.0f);
  fs::path inFile = workDir() / "nsfwjs_mobilenet_v2_input.f32", outFile = workDir() / "nsfwjs_mobilenet_v2_tfjs.f32";
  writeFloats(inFile, input);

  std::vector<float> got(static_cast<size_t>(n) * kClasses);
  Halide::Runtime::Buffer<float> inBuf(input.data(), {3, kSize, kSize, n});
  Halide::Runtime::Buffer<float> outBuf(got.data(), {kClasses, n});
  ASSERT_EQ(model_1_inference_forward(inBuf.raw_buffer(), outBuf.raw_buffer()), 0);

  std::string info = runTfjs(XCC_ORACLE_NSFWJS_MOBILENET_V2_JSON, "", inFile, {n, kSize, kSize, 3}, outFile);
  std::vector<float> want = readFloats(outFile);
  ASSERT_EQ(want.size(), got.size()) << "tfjs wrote " << want.size() << " floats; " << info;
  std::printf("tfjs: %s", info.c_str());
  for (int b = 0; b < n; ++b) {
    std::printf("%s\n  xcc ", photos[b].filename().c_str());
    for (int k = 0; k < kClasses; ++k)
      std::printf(" %.6f", got[b * kClasses + k]);
    std::printf("\n  tfjs");
    for (int k = 0; k < kClasses; ++k)
      std::printf(" %.6f", want[b * kClasses + k]);
    std::printf("\n");
  }
  Diff d = compare(got, want, kRelTol, kAbsTol);
  printDiff("softmax outputs [" + std::to_string(n) + ",5]", d, kRelTol, kAbsTol);
  EXPECT_EQ(d.over, 0u) << "worst element " << d.worst << ": xcc " << got[d.worst] << ", tfjs " << want[d.worst];
}

} // namespace
