// Hostile weight files (issue 21): nesting that would overflow a recursive parser, and HDF5 links that would
// read values from another file, are refused with one error naming the file.
#include "xcc/weights/weights.h"

#include "test_util.h"

#include <hdf5.h>

#include <filesystem>
#include <string>

using namespace xcc::weights;
using namespace xcc::weights::test;

namespace {

std::string deepJson(int depth) { return std::string(size_t(depth), '[') + std::string(size_t(depth), ']'); }

TEST(HostileWeights, DeeplyNestedJsonIsRefusedBeforeParsing) {
  TempDir dir;
  writeText(dir.file("model.json"), "{\"modelTopology\": " + deepJson(100000) + "}");
  EXPECT_TRUE(failsWith(dir.file("model.json"), {"model.json is nested deeper than 256 levels"}));
  const std::string header = "{\"a\": " + deepJson(100000) + "}";
  writeSafetensors(dir.file("w.safetensors"), header, {});
  EXPECT_TRUE(failsWith(dir.file("w.safetensors"), {"nested deeper than 256 levels"}));
}

// An HDF5 external link pulls a layer's values out of another file: refused like external raw storage.
TEST(HostileWeights, Hdf5ExternalLinksAreRefused) {
  TempDir dir;
  const std::string target = dir.file("target.h5"), main = dir.file("main.h5");
  std::filesystem::copy_file(fixture("legacy_weights.h5"), target);
  std::filesystem::copy_file(fixture("legacy_weights.h5"), main);
  hid_t file = H5Fopen(main.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  char name[256] = {};
  ASSERT_GT(H5Lget_name_by_idx(file, "/", H5_INDEX_NAME, H5_ITER_INC, 0, name, sizeof name, H5P_DEFAULT), 0);
  ASSERT_GE(H5Ldelete(file, name, H5P_DEFAULT), 0);
  ASSERT_GE(H5Lcreate_external(target.c_str(), (std::string("/") + name).c_str(), file, name, H5P_DEFAULT,
                               H5P_DEFAULT), 0);
  H5Fclose(file);
  EXPECT_TRUE(failsWith(main, {"main.h5", std::string("HDF5 link '") + name + "' is an external link"}));
}

} // namespace
