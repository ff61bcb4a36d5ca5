//===- formats_test.cpp - Every format read from its fixture --------------===//
//
// Fixtures come from fixtures/make_fixtures.py; values are seed + i/4, so
// every comparison here is exact.
//
//===----------------------------------------------------------------------===//
#include "common.h"
#include "test_util.h"

#include <nlohmann/json.hpp>

using namespace xcc::weights;
using namespace xcc::weights::test;

namespace {

std::vector<std::string> weightKeys(const WeightFile &wf) {
  std::vector<std::string> keys;
  for (const NamedWeight &w : wf.weights)
    keys.push_back(w.layer + ":" + w.weight);
  return keys;
}

using Strings = std::vector<std::string>;

} // namespace

TEST(LegacyH5, WeightsOnlyKeras2File) {
  WeightFile wf = loadWeights(fixture("legacy_weights.h5"));
  EXPECT_EQ(wf.format, Format::LegacyH5);
  EXPECT_EQ(wf.layerOrder, (Strings{"input_1", "conv1", "conv1_bn", "conv1_relu", "dense"}));
  EXPECT_EQ(weightKeys(wf),
            (Strings{"conv1:kernel", "conv1:bias", "conv1_bn:gamma", "conv1_bn:beta",
                     "conv1_bn:moving_mean", "conv1_bn:moving_variance", "dense:kernel",
                     "dense:bias"}));
  EXPECT_EQ(wf.weights[0].path, "conv1/conv1/kernel:0");
  EXPECT_TRUE(hasFixtureValues(wf.find("conv1", "kernel"), {3, 3, 2, 4}, 1));
  EXPECT_TRUE(hasFixtureValues(wf.find("conv1", "bias"), {4}, -2));
  EXPECT_TRUE(hasFixtureValues(wf.find("conv1_bn", "gamma"), {4}, 0.5));
  EXPECT_TRUE(hasFixtureValues(wf.find("conv1_bn", "moving_variance"), {4}, 2));
  // The group is the layer, even when Keras 2 named the weights "dense_1/...".
  EXPECT_EQ(wf.find("dense", "kernel")->path, "dense/dense_1/kernel:0");
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "kernel"), {4, 3}, 3));  // float64 dataset
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "bias"), {3}, -0.5));    // float16 dataset
  EXPECT_EQ(wf.layerWeights("conv1_bn").size(), 4u);
  EXPECT_FALSE(wf.modelConfigJson.has_value());
  EXPECT_EQ(wf.find("conv1", "gamma"), nullptr);
}

TEST(LegacyH5, InProcessReadMatchesIsolatedRead) {
  LoadOptions direct;
  direct.isolateHdf5 = false;
  WeightFile a = loadWeights(fixture("legacy_weights.h5"));
  WeightFile b = loadWeights(fixture("legacy_weights.h5"), direct);
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (size_t i = 0; i < a.weights.size(); ++i) {
    EXPECT_EQ(a.weights[i].path, b.weights[i].path);
    EXPECT_EQ(a.weights[i].value.shape, b.weights[i].value.shape);
    EXPECT_EQ(a.weights[i].value.data, b.weights[i].value.data);
  }
  EXPECT_EQ(a.layerOrder, b.layerOrder);
}

TEST(LegacyH5, FullModelFileWithConfigAndBnWithoutGamma) {
  WeightFile wf = loadWeights(fixture("legacy_full_model.h5"));
  EXPECT_EQ(wf.format, Format::LegacyH5);
  EXPECT_EQ(wf.layerOrder, (Strings{"dense", "bn"}));
  EXPECT_EQ(weightKeys(wf), (Strings{"dense:kernel", "dense:bias", "bn:beta",
                                     "bn:moving_mean", "bn:moving_variance"}));
  EXPECT_EQ(wf.find("dense", "kernel")->path, "model_weights/dense/dense/kernel");
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "kernel"), {3, 2}, 4));
  EXPECT_TRUE(hasFixtureValues(wf.find("bn", "moving_variance"), {2}, 8));
  EXPECT_EQ(wf.find("bn", "gamma"), nullptr); // scale=False
  ASSERT_TRUE(wf.modelConfigJson.has_value());
  auto cfg = nlohmann::json::parse(*wf.modelConfigJson);
  EXPECT_EQ(cfg["class_name"], "Sequential");
  EXPECT_EQ(cfg["config"]["layers"][1]["config"]["scale"], false);
  // The saved compile() sits beside the graph (root attribute training_config).
  ASSERT_TRUE(wf.trainingConfigJson.has_value());
  EXPECT_EQ(nlohmann::json::parse(*wf.trainingConfigJson)["loss"], "mse");
}

TEST(LegacyH5, SplitLayerNamesAreConcatenated) {
  WeightFile wf = loadWeights(fixture("legacy_split.h5"));
  const std::string longName = "dense_" + std::string(32300, 'x');
  EXPECT_EQ(wf.layerOrder, (Strings{"dense_a", longName}));
  EXPECT_TRUE(hasFixtureValues(wf.find("dense_a", "kernel"), {2, 2}, 9));
  EXPECT_TRUE(hasFixtureValues(wf.find(longName, "kernel"), {2, 1}, 10));
}

TEST(Keras3, WeightsH5WithNestedModel) {
  WeightFile wf = loadWeights(fixture("keras3.weights.h5"));
  EXPECT_EQ(wf.format, Format::Keras3WeightsH5);
  // No creation order in the file: keys in natural order.
  EXPECT_EQ(wf.layerOrder,
            (Strings{"conv2d", "dense", "functional", "functional/batch_normalization",
                     "functional/conv2d", "input_layer", "my_layer"}));
  EXPECT_TRUE(hasFixtureValues(wf.find("conv2d", "0"), {1, 1, 2, 3}, 11));
  EXPECT_TRUE(hasFixtureValues(wf.find("conv2d", "1"), {3}, 12));
  EXPECT_EQ(wf.find("conv2d", "0")->path, "layers/conv2d/vars/0");
  EXPECT_TRUE(hasFixtureValues(wf.find("functional/conv2d", "0"), {1, 1, 3, 3}, 13));
  EXPECT_EQ(wf.find("functional/conv2d", "0")->path, "layers/functional/layers/conv2d/vars/0");
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(hasFixtureValues(wf.find("functional/batch_normalization", std::to_string(i)),
                                 {3}, 14 + i));
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "0"), {3, 2}, 18));
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "1"), {2}, 19)); // bfloat16 (opaque)
  // vars/10 comes after vars/9; scalars have an empty shape.
  std::vector<const NamedWeight *> many = wf.layerWeights("my_layer");
  ASSERT_EQ(many.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(many[size_t(i)]->weight, std::to_string(i));
    EXPECT_TRUE(many[size_t(i)]->value.shape.empty());
    EXPECT_EQ(many[size_t(i)]->value.data, std::vector<float>{float(20 + i)});
  }
  EXPECT_EQ(wf.weights.size(), 2u + 1 + 4 + 2 + 11);
  // Optimizer state (int64 iteration included) is skipped, not rejected.
  ASSERT_EQ(wf.skipped.size(), 1u);
  EXPECT_NE(wf.skipped[0].find("optimizer"), std::string::npos);
}

TEST(Keras3, KerasZipReadsInnerH5AndConfig) {
  WeightFile wf = loadWeights(fixture("model.keras"));
  EXPECT_EQ(wf.format, Format::KerasZip);
  EXPECT_EQ(wf.sourcePath, fixture("model.keras"));
  EXPECT_TRUE(hasFixtureValues(wf.find("functional/conv2d", "0"), {1, 1, 3, 3}, 13));
  EXPECT_EQ(wf.weights.size(), 20u);
  ASSERT_TRUE(wf.modelConfigJson.has_value());
  EXPECT_EQ(nlohmann::json::parse(*wf.modelConfigJson)["class_name"], "Functional");
}

// `xcc import` asks for the graph alone: an archive without weights then loads as its config.json, saying so.
TEST(Keras3, KerasZipWithoutWeightsLoadsItsGraphWhenAllowed) {
  LoadOptions options;
  options.allowNoWeightsFile = true;
  WeightFile wf = loadWeights(fixture("no_weights.keras"), options);
  EXPECT_EQ(wf.format, Format::KerasZip);
  EXPECT_TRUE(wf.noWeightsFile);
  EXPECT_TRUE(wf.weights.empty());
  ASSERT_TRUE(wf.modelConfigJson.has_value());
  EXPECT_EQ(nlohmann::json::parse(*wf.modelConfigJson)["config"]["name"], "small");
  EXPECT_FALSE(loadWeights(fixture("model.keras"), options).noWeightsFile);
}

TEST(Tfjs, ShardsQuantizationAndScopes) {
  for (const std::string &path : {fixture("tfjs"), fixture("tfjs/model.json")}) {
    SCOPED_TRACE(path);
    WeightFile wf = loadWeights(path);
    EXPECT_EQ(wf.format, Format::TfjsLayers);
    EXPECT_EQ(wf.layerOrder, (Strings{"conv", "dense", "bn"}));
    EXPECT_EQ(weightKeys(wf), (Strings{"conv:kernel", "conv:bias", "dense:kernel",
                                       "dense:bias", "bn:gamma"}));
    // Group 1 spans two shard files.
    EXPECT_TRUE(hasFixtureValues(wf.find("conv", "kernel"), {1, 1, 2, 3}, 21));
    EXPECT_TRUE(hasFixtureValues(wf.find("conv", "bias"), {3}, 22));
    // uint8: q * 0.5 - 1; uint16: q * 0.25 + 2; the scope prefix is not the layer.
    const NamedWeight *k = wf.find("dense", "kernel");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->path, "sequential/dense/kernel");
    EXPECT_EQ(k->value.shape, (std::vector<int64_t>{3, 2}));
    EXPECT_EQ(k->value.data, (std::vector<float>{-1, -0.5f, 0, 126.5f, 63, 2.5f}));
    EXPECT_EQ(wf.find("dense", "bias")->value.data,
              (std::vector<float>{2, 16385.75f, 77}));
    EXPECT_TRUE(hasFixtureValues(wf.find("bn", "gamma"), {3}, 23)); // float16
    ASSERT_TRUE(wf.modelConfigJson.has_value());
    auto cfg = nlohmann::json::parse(*wf.modelConfigJson);
    EXPECT_EQ(cfg["class_name"], "Sequential"); // modelTopology.model_config
  }
}

TEST(Tfjs, TopologyWithoutModelConfigIsTheGraph) {
  TempDir dir;
  copyDir(fixture("tfjs"), dir.path());
  std::string text = readText(dir.file("model.json"));
  auto j = nlohmann::ordered_json::parse(text);
  j["modelTopology"] = j["modelTopology"]["model_config"]; // as TF.js itself saves
  writeText(dir.file("model.json"), j.dump());
  WeightFile wf = loadWeights(dir.path());
  ASSERT_TRUE(wf.modelConfigJson.has_value());
  EXPECT_EQ(nlohmann::json::parse(*wf.modelConfigJson)["class_name"], "Sequential");
}

TEST(Safetensors, DtypesOrderAndNames) {
  WeightFile wf = loadWeights(fixture("weights.safetensors"));
  EXPECT_EQ(wf.format, Format::Safetensors);
  // Data order, not the (sorted) header order.
  EXPECT_EQ(weightKeys(wf),
            (Strings{"dense:kernel", "dense:bias", "conv:kernel", ":scale"}));
  EXPECT_EQ(wf.layerOrder, (Strings{"dense", "conv", ""}));
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "kernel"), {2, 2}, 24));   // F32
  EXPECT_TRUE(hasFixtureValues(wf.find("dense", "bias"), {2}, 25));        // F16
  EXPECT_TRUE(hasFixtureValues(wf.find("conv", "kernel"), {1, 1, 1, 2}, 26)); // F64
  EXPECT_TRUE(hasFixtureValues(wf.find("", "scale"), {2}, 27));            // BF16
}

TEST(Common, HalfToFloat) {
  using detail::halfToFloat;
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0xc000), -2.0f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_EQ(halfToFloat(0x03ff), std::ldexp(1023.0f, -24));
  EXPECT_TRUE(std::isinf(halfToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
}

TEST(Common, SplitWeightName) {
  using detail::splitWeightName;
  auto s = splitWeightName("block1_conv1/kernel:0");
  EXPECT_EQ(s.layer, "block1_conv1");
  EXPECT_EQ(s.weight, "kernel");
  s = splitWeightName("model/conv1/kernel");
  EXPECT_EQ(s.layer, "conv1");
  EXPECT_EQ(s.weight, "kernel");
  s = splitWeightName("bias");
  EXPECT_EQ(s.layer, "");
  EXPECT_EQ(s.weight, "bias");
  EXPECT_EQ(detail::stripIndexSuffix("a:b"), "a:b");
}
