//===- mobilenet_test.cpp - The real MobileNet v1 (tfjs layers) -----------===//
//
// ../shared/models/mobilenet_v1_1.0_224_imagenet (path baked in by CMake) is
// a real ImageNet MobileNet v1 whose shard group37-shard1of1
// (conv_pw_13/kernel) is absent on purpose. Missing data is a FAILURE, not a
// skip: a silently skipped test would hide a broken checkout.
//
//===----------------------------------------------------------------------===//
#include "test_util.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <set>

using namespace xcc::weights;
using namespace xcc::weights::test;

namespace {

const std::string kDir = XCC_MOBILENET_DIR;

::testing::AssertionResult modelPresent() {
  if (std::filesystem::is_regular_file(kDir + "/model.json") &&
      std::filesystem::is_regular_file(kDir + "/group1-shard1of1"))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "shared model missing: expected " << kDir
         << "/model.json and its shards (set -DXCC_SHARED_MODELS_DIR=<folder holding "
            "mobilenet_v1_1.0_224_imagenet>)";
}

float bitsToFloat(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

WeightFile loadAllowingMissing() {
  LoadOptions opts;
  opts.allowMissingShards = true;
  return loadWeights(kDir, opts);
}

} // namespace

TEST(MobileNet, FullLoadFailsNamingTheMissingShardAndWeight) {
  ASSERT_TRUE(modelPresent());
  EXPECT_TRUE(failsWith(kDir + "/model.json",
                        {"group37-shard1of1", "missing", "conv_pw_13/kernel [1,1,1024,1024]"}));
}

TEST(MobileNet, AllowMissingLoadsEverythingElse) {
  ASSERT_TRUE(modelPresent());
  WeightFile wf = loadAllowingMissing();
  EXPECT_EQ(wf.format, Format::TfjsLayers);
  EXPECT_EQ(wf.weights.size(), 136u); // 137 in the manifest
  ASSERT_EQ(wf.missing.size(), 1u);
  EXPECT_EQ(wf.missing[0].layer, "conv_pw_13");
  EXPECT_EQ(wf.missing[0].weight, "kernel");
  EXPECT_EQ(wf.missing[0].shape, (std::vector<int64_t>{1, 1, 1024, 1024}));
  EXPECT_EQ(wf.find("conv_pw_13", "kernel"), nullptr);

  const NamedWeight *conv1 = wf.find("conv1", "kernel");
  ASSERT_NE(conv1, nullptr);
  EXPECT_EQ(conv1->value.shape, (std::vector<int64_t>{3, 3, 3, 32}));
  EXPECT_EQ(conv1->value.data.front(), bitsToFloat(0x29c7c0ea)); // bytes of group1
  EXPECT_EQ(conv1->value.data.back(), bitsToFloat(0x38c4df63));
  EXPECT_EQ(wf.find("conv_dw_1", "depthwise_kernel")->value.shape,
            (std::vector<int64_t>{3, 3, 32, 1}));
  EXPECT_EQ(wf.find("conv_pw_12", "kernel")->value.shape,
            (std::vector<int64_t>{1, 1, 512, 1024}));
  EXPECT_EQ(wf.find("conv1_bn", "moving_variance")->value.shape, (std::vector<int64_t>{32}));
  const NamedWeight *preds = wf.find("conv_preds", "bias");
  ASSERT_NE(preds, nullptr);
  EXPECT_EQ(preds->value.data.back(), bitsToFloat(0x3fa69177));

  int64_t params = 0;
  for (const NamedWeight &w : wf.weights)
    params += w.value.numel();
  EXPECT_EQ(params, 4253864 - 1024 * 1024);
  EXPECT_EQ(wf.layerOrder.front(), "conv1");
}

// The acceptance use case: cut the graph at conv_dw_13_relu; every layer up
// to there has all its weights, and nothing missing belongs to it.
TEST(MobileNet, CutAtConvDw13ReluIsComplete) {
  ASSERT_TRUE(modelPresent());
  WeightFile wf = loadAllowingMissing();
  ASSERT_TRUE(wf.modelConfigJson.has_value());
  auto cfg = nlohmann::json::parse(*wf.modelConfigJson);
  ASSERT_EQ(cfg["class_name"], "Model");
  std::set<std::string> kept;
  for (const auto &layer : cfg["config"]["layers"]) {
    kept.insert(layer["name"].get<std::string>());
    if (layer["name"] == "conv_dw_13_relu")
      break;
  }
  ASSERT_TRUE(kept.count("conv_dw_13_relu"));
  EXPECT_EQ(kept.size(), 79u);
  for (const MissingWeight &m : wf.missing)
    EXPECT_FALSE(kept.count(m.layer)) << m.path << " is needed by the cut graph";
  int64_t params = 0;
  size_t count = 0;
  for (const NamedWeight &w : wf.weights)
    if (kept.count(w.layer)) {
      params += w.value.numel();
      ++count;
    }
  EXPECT_EQ(count, 130u);
  EXPECT_EQ(params, 2176192); // from the manifest
}
