//===- corrupt_test.cpp - Bad input: one WeightsError, never a crash ------===//
//
// Corrupt variants are derived from the fixtures in a temp folder at test
// time (truncated, bytes flipped or overwritten, JSON edited).
//
//===----------------------------------------------------------------------===//
#include "test_util.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <random>

using namespace xcc::weights;
using namespace xcc::weights::test;

namespace {

// A copy of fixture `name` cut to `size` bytes.
std::string truncatedCopy(const TempDir &dir, const std::string &name, size_t size) {
  std::vector<uint8_t> b = readBytes(fixture(name));
  b.resize(std::min(size, b.size()));
  std::string out = dir.file("cut_" + std::to_string(size) + "_" +
                             std::filesystem::path(name).filename().string());
  writeBytes(out, b);
  return out;
}

std::vector<float> fixtureFloats(double seed, int n) {
  std::vector<float> v;
  for (int i = 0; i < n; ++i)
    v.push_back(fixtureValue(seed, i));
  return v;
}

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

} // namespace

// --- HDF5 -----------------------------------------------------------------

TEST(BadHdf5, NonHdf5FileWithH5Extension) {
  TempDir dir;
  writeText(dir.file("fake.h5"), "this is not an HDF5 file at all");
  EXPECT_TRUE(failsWith(dir.file("fake.h5"), {"not an HDF5 file"}));
}

TEST(BadHdf5, EmptyAndMissingFiles) {
  TempDir dir;
  writeText(dir.file("empty.h5"), "");
  EXPECT_TRUE(failsWith(dir.file("empty.h5"), {"empty"}));
  EXPECT_TRUE(failsWith(dir.file("absent.h5"), {"no such file"}));
}

TEST(BadHdf5, TruncatedFilesFailCleanly) {
  TempDir dir;
  size_t full = readBytes(fixture("legacy_weights.h5")).size();
  for (size_t size : {size_t(8), size_t(100), size_t(600), size_t(4096), size_t(8300),
                      full / 2, full - 1000, full - 1}) {
    SCOPED_TRACE(size);
    EXPECT_TRUE(failsWith(truncatedCopy(dir, "legacy_weights.h5", size), {}));
  }
  // The superblock records the file's end: libhdf5 names the truncation.
  EXPECT_TRUE(failsWith(truncatedCopy(dir, "legacy_weights.h5", full - 1), {"truncated"}));
}

TEST(BadHdf5, NaNAndInfAreRejectedWithTheWeightName) {
  TempDir dir;
  std::vector<uint8_t> b = readBytes(fixture("legacy_weights.h5"));
  int64_t at = findBytes(b, floatBytes(fixtureFloats(1, 72))); // conv1/kernel data
  ASSERT_GE(at, 0);
  std::vector<uint8_t> bad = floatBytes({kNaN, 1, kInf});
  std::copy(bad.begin(), bad.end(), b.begin() + at);
  writeBytes(dir.file("nan.h5"), b);
  EXPECT_TRUE(failsWith(dir.file("nan.h5"), {"conv1/conv1/kernel:0", "2 NaN/Inf"}));
  LoadOptions direct;
  direct.isolateHdf5 = false;
  EXPECT_TRUE(failsWith(dir.file("nan.h5"), {"conv1/conv1/kernel:0", "2 NaN/Inf"}, direct));
}

TEST(BadHdf5, IntegerWeightsAreRejected) {
  EXPECT_TRUE(failsWith(fixture("legacy_int.h5"), {"emb/table:0", "integer dtype int32"}));
}

TEST(BadHdf5, UnwrittenDatasetIsRejectedBeforeReading) {
  EXPECT_TRUE(failsWith(fixture("legacy_unwritten.h5"), {"dense/kernel:0", "never written"}));
}

TEST(BadHdf5, MissingWeightAndLayerGroups) {
  TempDir dir;
  // Rename the attribute-listed names so they point nowhere (same length keeps
  // the file layout intact).
  std::vector<uint8_t> b = readBytes(fixture("legacy_weights.h5"));
  std::string from = "conv1_relu", to = "conv1_relX";
  int64_t at = findBytes(b, {from.begin(), from.end()});
  ASSERT_GE(at, 0);
  std::copy(to.begin(), to.end(), b.begin() + at); // first hit: the layer_names entry
  writeBytes(dir.file("nolayer.h5"), b);
  EXPECT_TRUE(failsWith(dir.file("nolayer.h5"), {}));
}

// Random byte damage anywhere in the file: every outcome is a clean load or
// one WeightsError, never a crash of this process or another exception type.
TEST(BadHdf5, RandomByteFlipsNeverCrashTheCaller) {
  TempDir dir;
  const std::vector<uint8_t> orig = readBytes(fixture("legacy_weights.h5"));
  std::mt19937 rng(1234);
  int failed = 0, loaded = 0;
  for (int iter = 0; iter < 100; ++iter) {
    std::vector<uint8_t> b = orig;
    for (int k = 0; k < 4; ++k) {
      size_t at = rng() % b.size();
      b[at] ^= uint8_t(1u << (rng() % 8));
    }
    std::string path = dir.file("flip" + std::to_string(iter) + ".h5");
    writeBytes(path, b);
    try {
      loadWeights(path);
      ++loaded;
    } catch (const WeightsError &e) {
      ++failed;
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    } catch (const std::exception &e) {
      ADD_FAILURE() << "iteration " << iter << ": not a WeightsError: " << e.what();
    }
  }
  EXPECT_GT(failed, 0);
  RecordProperty("flips_loaded", loaded);
  RecordProperty("flips_failed", failed);
}

// --- .keras zip -------------------------------------------------------------

TEST(BadKerasZip, TruncatedArchive) {
  TempDir dir;
  size_t full = readBytes(fixture("model.keras")).size();
  for (size_t size : {size_t(10), full / 2, full - 10}) {
    SCOPED_TRACE(size);
    std::string p = truncatedCopy(dir, "model.keras", size);
    EXPECT_TRUE(failsWith(p, {}));
  }
  EXPECT_TRUE(failsWith(truncatedCopy(dir, "model.keras", full / 2), {"zip"}));
}

TEST(BadKerasZip, ArchiveWithoutWeights) {
  EXPECT_TRUE(failsWith(fixture("no_weights.keras"), {"no model.weights.h5"}));
}

TEST(BadKerasZip, DamagedMemberFailsTheCrcCheck) {
  TempDir dir;
  std::vector<uint8_t> b = readBytes(fixture("model.keras"));
  int64_t at = findBytes(b, floatBytes(fixtureFloats(13, 9))); // inside model.weights.h5
  ASSERT_GE(at, 0);
  b[size_t(at) + 1] ^= 0x40;
  writeBytes(dir.file("crc.keras"), b);
  EXPECT_TRUE(failsWith(dir.file("crc.keras"), {"model.weights.h5"}));
}

TEST(BadKerasZip, NotAZip) {
  TempDir dir;
  writeText(dir.file("x.keras"), "PK but not really");
  EXPECT_TRUE(failsWith(dir.file("x.keras"), {"zip"}));
}

// --- tfjs -------------------------------------------------------------------

class BadTfjs : public ::testing::Test {
protected:
  void SetUp() override { copyDir(fixture("tfjs"), dir.path()); }
  std::string modelJson() const { return dir.file("model.json"); }
  // Edits the manifest entry of conv/bias (group 1, second weight).
  void editConvBias(const std::function<void(nlohmann::json &)> &edit) {
    auto j = nlohmann::json::parse(readText(modelJson()));
    nlohmann::json &w = j["weightsManifest"][0]["weights"][1];
    ASSERT_EQ(w["name"], "conv/bias");
    edit(w);
    writeText(modelJson(), j.dump(1));
  }
  TempDir dir;
};

TEST_F(BadTfjs, InvalidJson) {
  std::string text = readText(modelJson());
  writeText(modelJson(), text.substr(0, text.size() / 2));
  EXPECT_TRUE(failsWith(modelJson(), {"invalid JSON"}));
}

TEST_F(BadTfjs, MissingShardNamesFileAndWeights) {
  std::filesystem::remove(dir.file("group2-shard1of1.bin"));
  EXPECT_TRUE(failsWith(modelJson(), {"group2-shard1of1.bin", "missing",
                                      "sequential/dense/kernel [3,2]", "allowMissingShards"}));
  LoadOptions opts;
  opts.allowMissingShards = true;
  WeightFile wf = loadWeights(modelJson(), opts);
  EXPECT_EQ(wf.weights.size(), 2u);
  ASSERT_EQ(wf.missing.size(), 3u);
  EXPECT_EQ(wf.missing[0].layer, "dense");
  EXPECT_EQ(wf.missing[0].weight, "kernel");
  EXPECT_EQ(wf.missing[0].shape, (std::vector<int64_t>{3, 2}));
  EXPECT_NE(wf.missing[0].reason.find("group2-shard1of1.bin"), std::string::npos);
  EXPECT_EQ(wf.find("dense", "kernel"), nullptr);
  EXPECT_NE(wf.findMissing("bn", "gamma"), nullptr);
  EXPECT_EQ(wf.layerOrder, (std::vector<std::string>{"conv", "dense", "bn"}));
}

TEST_F(BadTfjs, ShortShardFailsEvenWhenMissingShardsAreAllowed) {
  std::vector<uint8_t> b = readBytes(dir.file("group1-shard2of2.bin"));
  b.pop_back();
  writeBytes(dir.file("group1-shard2of2.bin"), b);
  LoadOptions opts;
  opts.allowMissingShards = true;
  EXPECT_TRUE(failsWith(modelJson(), {"35 bytes", "needs 36", "truncated"}, opts));
}

TEST_F(BadTfjs, LongShard) {
  std::vector<uint8_t> b = readBytes(dir.file("group2-shard1of1.bin"));
  b.push_back(0);
  writeBytes(dir.file("group2-shard1of1.bin"), b);
  EXPECT_TRUE(failsWith(modelJson(), {"too long"}));
}

TEST_F(BadTfjs, ShapeDisagreesWithShardBytes) {
  editConvBias([](nlohmann::json &w) { w["shape"] = {4}; });
  EXPECT_TRUE(failsWith(modelJson(), {"36 bytes", "needs 40"}));
}

TEST_F(BadTfjs, Int32DtypeIsRejected) {
  editConvBias([](nlohmann::json &w) { w["dtype"] = "int32"; });
  EXPECT_TRUE(failsWith(modelJson(), {"conv/bias", "dtype int32"}));
}

TEST_F(BadTfjs, NegativeOrFractionalDims) {
  editConvBias([](nlohmann::json &w) { w["shape"] = {-3}; });
  EXPECT_TRUE(failsWith(modelJson(), {"conv/bias", "not a non-negative integer"}));
  editConvBias([](nlohmann::json &w) { w["shape"] = {1.5}; });
  EXPECT_TRUE(failsWith(modelJson(), {"conv/bias", "not a non-negative integer"}));
}

TEST_F(BadTfjs, UnsupportedQuantization) {
  replaceInFile(modelJson(), "\"dtype\": \"uint16\"", "\"dtype\": \"int4\"");
  EXPECT_TRUE(failsWith(modelJson(), {"sequential/dense/bias", "quantization int4"}));
}

TEST_F(BadTfjs, NaNInShard) {
  std::vector<uint8_t> b = readBytes(dir.file("group1-shard1of2.bin"));
  std::vector<uint8_t> nan = floatBytes({kNaN});
  std::copy(nan.begin(), nan.end(), b.begin() + 4);
  writeBytes(dir.file("group1-shard1of2.bin"), b);
  EXPECT_TRUE(failsWith(modelJson(), {"conv/kernel", "1 NaN/Inf"}));
}

TEST_F(BadTfjs, ShardPathOutsideTheFolder) {
  replaceInFile(modelJson(), "\"group2-shard1of1.bin\"", "\"../group2-shard1of1.bin\"");
  EXPECT_TRUE(failsWith(modelJson(), {"leaves the model folder"}));
}

TEST_F(BadTfjs, FolderWithoutModelJson) {
  std::filesystem::remove(modelJson());
  EXPECT_TRUE(failsWith(dir.path(), {"no model.json"}));
}

// --- safetensors ------------------------------------------------------------

class BadSafetensors : public ::testing::Test {
protected:
  std::string write(const std::string &header, const std::vector<uint8_t> &data) {
    std::string p = dir.file("w" + std::to_string(n++) + ".safetensors");
    writeSafetensors(p, header, data);
    return p;
  }
  TempDir dir;
  int n = 0;
  std::vector<uint8_t> eightFloats = floatBytes({1, 2, 3, 4, 5, 6, 7, 8});
};

TEST_F(BadSafetensors, ValidBaseline) {
  WeightFile wf = loadWeights(
      write(R"({"a/k":{"dtype":"F32","shape":[2,4],"data_offsets":[0,32]}})", eightFloats));
  EXPECT_EQ(wf.find("a", "k")->value.data, (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(BadSafetensors, DataOffsetsOutOfRange) {
  EXPECT_TRUE(failsWith(
      write(R"({"a/k":{"dtype":"F32","shape":[2,5],"data_offsets":[0,40]}})", eightFloats),
      {"a/k", "out of range"}));
  EXPECT_TRUE(failsWith(
      write(R"({"a/k":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", eightFloats),
      {"out of range"}));
}

TEST_F(BadSafetensors, ShapeByteCountMismatch) {
  EXPECT_TRUE(failsWith(
      write(R"({"a/k":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", eightFloats),
      {"a/k", "spans 16 bytes", "needs 12"}));
}

TEST_F(BadSafetensors, OverlappingTensors) {
  EXPECT_TRUE(failsWith(write(R"({"a/k":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                              R"("a/b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                              eightFloats),
                        {"overlap"}));
}

TEST_F(BadSafetensors, UnsupportedDtype) {
  EXPECT_TRUE(failsWith(
      write(R"({"a/k":{"dtype":"I64","shape":[4],"data_offsets":[0,32]}})", eightFloats),
      {"a/k", "unsupported dtype I64"}));
}

TEST_F(BadSafetensors, NaNAndInf) {
  EXPECT_TRUE(failsWith(write(R"({"a/k":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}})",
                              floatBytes({kInf, 0, -kInf})),
                        {"a/k", "2 NaN/Inf"}));
}

TEST_F(BadSafetensors, InvalidJsonHeader) {
  EXPECT_TRUE(failsWith(write(R"({"a/k":{"dtype":"F32",)", eightFloats), {"invalid JSON"}));
  // A header that is not an object is not recognised as safetensors at all.
  EXPECT_TRUE(failsWith(write(R"([1,2,3])", eightFloats), {"not a safetensors file"}));
}

TEST_F(BadSafetensors, HeaderLengthBeyondFile) {
  std::vector<uint8_t> b(16, 0);
  b[0] = 0xff;
  b[1] = 0xff;
  b[8] = '{';
  writeBytes(dir.file("len.safetensors"), b);
  EXPECT_TRUE(failsWith(dir.file("len.safetensors"), {"not a safetensors file"}));
}

TEST_F(BadSafetensors, TruncatedFixture) {
  size_t full = readBytes(fixture("weights.safetensors")).size();
  std::string p = truncatedCopy(dir, "weights.safetensors", full - 3);
  EXPECT_TRUE(failsWith(p, {"out of range"}));
}

TEST(BadInput, UnknownFormat) {
  TempDir dir;
  writeText(dir.file("weights.bin"), "\x01\x02\x03 garbage");
  EXPECT_TRUE(failsWith(dir.file("weights.bin"), {"unrecognized"}));
}

// Single-bit flips of the committed legacy_weights.h5 that crash or hang
// libhdf5 1.10.8 (Debian 12), found by fuzzing. They prove that the HDF5
// parse is isolated: the caller gets a WeightsError and lives on. If the
// fixture is regenerated the offsets move: re-find them by flipping single
// bits with LoadOptions::isolateHdf5 = false and watching for signals.
TEST(BadHdf5, Libhdf5CrashesAndHangsBecomeWeightsErrors) {
  const std::vector<uint8_t> orig = readBytes(fixture("legacy_weights.h5"));
  ASSERT_EQ(orig.size(), 18096u) << "fixture regenerated: re-find the crashing offsets";
  TempDir dir;
  auto flipped = [&](size_t at, uint8_t mask) {
    std::vector<uint8_t> b = orig;
    b[at] ^= mask;
    std::string p = dir.file("flip_" + std::to_string(at) + "_" + std::to_string(mask) + ".h5");
    writeBytes(p, b);
    return p;
  };
  // (Under a sanitizer the signal turns into "exit code 1"; the text stays.)
  EXPECT_TRUE(failsWith(flipped(933, 0x80), {"libhdf5 crashed while reading"}));
  EXPECT_TRUE(failsWith(flipped(2178, 0x04), {"libhdf5 crashed while reading"}));
  EXPECT_TRUE(failsWith(flipped(2449, 0x10), {"libhdf5 crashed while reading"}));
  LoadOptions quick;
  quick.hdf5TimeoutSeconds = 2;
  EXPECT_TRUE(failsWith(flipped(2449, 0x04), {"libhdf5 did not finish reading", "killed"}, quick));
}
