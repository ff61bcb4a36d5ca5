// Hostile weight files (issue 21): nesting that would overflow a recursive parser, and HDF5 links that would
// read values from another file, are refused with one error naming the file.
#include "xcc/weights/keras3_writer.h"
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

/// A Keras 3 weights file of one dense variable at `path`, opened for editing with libhdf5.
hid_t openOneVariableFile(const std::string &path) {
  Keras3Weights w;
  w.groups = {{"layers/dense/vars", "dense"}};
  w.variables = {{"layers/dense/vars/0", {{2}, {1.0f, 2.0f}}}};
  writeKeras3Weights(path, w);
  return H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
}

// 1 MB of compressed zeros used to decompress to gigabytes: a chunked dataset may declare at most 64 times the
// bytes it stores.
TEST(HostileWeights, CompressedDatasetsCannotExpandWithoutBound) {
  TempDir dir;
  const std::string path = dir.file("bomb.weights.h5");
  hid_t file = openOneVariableFile(path);
  ASSERT_GE(file, 0);
  ASSERT_GE(H5Ldelete(file, "layers/dense/vars/0", H5P_DEFAULT), 0);
  hsize_t dims[1] = {hsize_t(64) << 20}, chunk[1] = {hsize_t(1) << 20}; // 256 MB of float32 zeros
  hid_t space = H5Screate_simple(1, dims, nullptr), dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 1, chunk);
  H5Pset_deflate(dcpl, 9);
  H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC);
  H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
  hid_t ds = H5Dcreate2(file, "layers/dense/vars/0", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  ASSERT_GE(ds, 0);
  H5Dclose(ds);
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Fclose(file);
  ASSERT_LT(std::filesystem::file_size(path), 2u << 20);
  EXPECT_TRUE(failsWith(path, {"bomb.weights.h5", "declares 268435456 bytes from", "decompression bomb"}));
}

// HDF5 hard links can make a group hold itself; the Keras 3 walk once recursed along it until the stack overflowed
// (found by the h5 fuzz target). A group reached a second time is refused.
TEST(HostileWeights, Hdf5GroupCyclesAreRefused) {
  TempDir dir;
  const std::string path = dir.file("cycle.weights.h5");
  hid_t file = openOneVariableFile(path);
  ASSERT_GE(file, 0);
  ASSERT_GE(H5Lcreate_hard(file, "layers/dense", file, "layers/dense/again", H5P_DEFAULT, H5P_DEFAULT), 0);
  H5Fclose(file);
  EXPECT_TRUE(failsWith(path, {"cycle.weights.h5", "HDF5 group 'layers/dense/again' is linked from two places"}));
}

} // namespace
