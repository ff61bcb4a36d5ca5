//===- keras3_writer_test.cpp - Keras 3 .weights.h5 written and read back -===//
//
// The writer's files must read back through xcc's own reader bit for bit, and
// have the objects Keras's H5IOStore (via h5py) creates: a `vars` group per
// saveable with its `name` attribute (a variable-length UTF-8 string),
// weightless layers included, and contiguous float32 datasets.
//
//===----------------------------------------------------------------------===//
#include "xcc/weights/keras3_writer.h"

#include "test_util.h"

#include <hdf5.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <set>

using namespace xcc::weights;
using namespace xcc::weights::test;

namespace {

using Strings = std::vector<std::string>;

/// A small guide-shaped model: its own vars, an input, a nested model with a
/// conv and a BN, a weightless layer, a dense head, and a scalar variable.
Keras3Weights sampleWeights() {
  Keras3Weights w;
  w.groups = {{"vars", "guide"},
              {"layers/input_layer/vars", "input_layer_1"},
              {"layers/functional/vars", "xception"},
              {"layers/functional/layers/input_layer/vars", "input_layer"},
              {"layers/functional/layers/conv2d/vars", "block1_conv1"},
              {"layers/functional/layers/batch_normalization/vars", "block1_conv1_bn"},
              {"layers/global_average_pooling2d/vars", "global_average_pooling2d"},
              {"layers/dense/vars", "dense"},
              {"layers/scale/vars", "scale"}};
  // Values whose bits a careless conversion would change: -0, denormals, the extremes, non-dyadic fractions.
  std::vector<float> kernel(2 * 2 * 3 * 4);
  for (size_t i = 0; i < kernel.size(); ++i)
    kernel[i] = float(std::sin(double(i) + 0.1)) / 3.0f;
  kernel[0] = -0.0f;
  kernel[1] = 1e-45f; // the smallest denormal
  kernel[2] = FLT_MAX;
  kernel[3] = -FLT_MIN;
  w.variables = {{"layers/functional/layers/conv2d/vars/0", {{2, 2, 3, 4}, kernel}}};
  for (int i = 0; i < 4; ++i)
    w.variables.push_back({"layers/functional/layers/batch_normalization/vars/" + std::to_string(i),
                           {{4}, {0.1f * float(i), -1.0f / 3, 7.0f, float(i)}}});
  w.variables.push_back({"layers/dense/vars/0", {{4, 1}, {0.5f, -0.25f, 1e-7f, 3.0f}}});
  w.variables.push_back({"layers/dense/vars/1", {{1}, {-2.5f}}});
  w.variables.push_back({"layers/scale/vars/0", {{}, {0.75f}}});
  return w;
}

bool sameBits(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// Every object in the file, as "path (group|dataset)", sorted.
Strings objects(const std::string &path) {
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  Strings out;
  auto visit = [](hid_t, const char *name, const H5O_info_t *info, void *data) -> herr_t {
    if (std::strcmp(name, ".") != 0)
      static_cast<Strings *>(data)->push_back(std::string(name) +
                                              (info->type == H5O_TYPE_GROUP ? " (group)" : " (dataset)"));
    return 0;
  };
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit, &out, H5O_INFO_BASIC);
  H5Fclose(f);
  std::sort(out.begin(), out.end());
  return out;
}

/// The `name` attribute of `group`, checking that it is stored as h5py stores a Python str.
std::string nameAttribute(hid_t file, const std::string &group) {
  hid_t g = H5Gopen2(file, group.c_str(), H5P_DEFAULT);
  hid_t a = H5Aopen(g, "name", H5P_DEFAULT);
  hid_t type = H5Aget_type(a), space = H5Aget_space(a);
  EXPECT_EQ(H5Tget_class(type), H5T_STRING) << group;
  EXPECT_TRUE(H5Tis_variable_str(type)) << group;
  EXPECT_EQ(H5Tget_cset(type), H5T_CSET_UTF8) << group;
  EXPECT_EQ(H5Sget_simple_extent_type(space), H5S_SCALAR) << group;
  char *text = nullptr;
  std::string value;
  if (H5Aread(a, type, &text) >= 0 && text) {
    value = text;
    H5free_memory(text);
  }
  H5Sclose(space);
  H5Tclose(type);
  H5Aclose(a);
  H5Gclose(g);
  return value;
}

} // namespace

TEST(Keras3Writer, ReadsBackBitExactly) {
  TempDir dir;
  Keras3Weights w = sampleWeights();
  writeKeras3Weights(dir.file("m.weights.h5"), w);
  WeightFile wf = loadWeights(dir.file("m.weights.h5"));
  EXPECT_EQ(wf.format, Format::Keras3WeightsH5);
  ASSERT_EQ(wf.weights.size(), w.variables.size());
  for (const Keras3Variable &v : w.variables) {
    const NamedWeight *found = nullptr;
    for (const NamedWeight &nw : wf.weights)
      if (nw.path == v.path)
        found = &nw;
    ASSERT_NE(found, nullptr) << v.path;
    EXPECT_EQ(found->value.shape, v.value.shape) << v.path;
    EXPECT_TRUE(sameBits(found->value.data, v.value.data)) << v.path;
  }
  // The reader's keys: nested layers as "functional/conv2d", variables by index.
  EXPECT_NE(wf.find("functional/conv2d", "0"), nullptr);
  EXPECT_NE(wf.find("functional/batch_normalization", "3"), nullptr);
  EXPECT_NE(wf.find("scale", "0"), nullptr);
  // Weightless layers are there too.
  std::set<std::string> layers(wf.layerOrder.begin(), wf.layerOrder.end());
  EXPECT_TRUE(layers.count("input_layer"));
  EXPECT_TRUE(layers.count("functional/input_layer"));
  EXPECT_TRUE(layers.count("global_average_pooling2d"));
}

TEST(Keras3Writer, WritesTheObjectsKerasWrites) {
  TempDir dir;
  writeKeras3Weights(dir.file("m.weights.h5"), sampleWeights());
  EXPECT_EQ(objects(dir.file("m.weights.h5")),
            (Strings{"layers (group)",
                     "layers/dense (group)",
                     "layers/dense/vars (group)",
                     "layers/dense/vars/0 (dataset)",
                     "layers/dense/vars/1 (dataset)",
                     "layers/functional (group)",
                     "layers/functional/layers (group)",
                     "layers/functional/layers/batch_normalization (group)",
                     "layers/functional/layers/batch_normalization/vars (group)",
                     "layers/functional/layers/batch_normalization/vars/0 (dataset)",
                     "layers/functional/layers/batch_normalization/vars/1 (dataset)",
                     "layers/functional/layers/batch_normalization/vars/2 (dataset)",
                     "layers/functional/layers/batch_normalization/vars/3 (dataset)",
                     "layers/functional/layers/conv2d (group)",
                     "layers/functional/layers/conv2d/vars (group)",
                     "layers/functional/layers/conv2d/vars/0 (dataset)",
                     "layers/functional/layers/input_layer (group)",
                     "layers/functional/layers/input_layer/vars (group)",
                     "layers/functional/vars (group)",
                     "layers/global_average_pooling2d (group)",
                     "layers/global_average_pooling2d/vars (group)",
                     "layers/input_layer (group)",
                     "layers/input_layer/vars (group)",
                     "layers/scale (group)",
                     "layers/scale/vars (group)",
                     "layers/scale/vars/0 (dataset)",
                     "vars (group)"}));

  hid_t f = H5Fopen(dir.file("m.weights.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  // No root attributes (h5py.File writes none); `name` on every vars group, as Keras >= 3.6 writes it.
  H5O_info_t root;
  H5Oget_info2(f, &root, H5O_INFO_NUM_ATTRS);
  EXPECT_EQ(root.num_attrs, 0u);
  EXPECT_EQ(nameAttribute(f, "vars"), "guide");
  EXPECT_EQ(nameAttribute(f, "layers/functional/vars"), "xception");
  EXPECT_EQ(nameAttribute(f, "layers/functional/layers/conv2d/vars"), "block1_conv1");
  EXPECT_EQ(nameAttribute(f, "layers/global_average_pooling2d/vars"), "global_average_pooling2d");
  // Datasets as `group[key] = float32 array` makes them: little-endian IEEE float32, contiguous, no filters, no
  // timestamps.
  for (const char *path : {"layers/functional/layers/conv2d/vars/0", "layers/scale/vars/0"}) {
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t type = H5Dget_type(d), plist = H5Dget_create_plist(d), space = H5Dget_space(d);
    EXPECT_GT(H5Tequal(type, H5T_IEEE_F32LE), 0) << path;
    EXPECT_EQ(H5Pget_layout(plist), H5D_CONTIGUOUS) << path;
    EXPECT_EQ(H5Pget_nfilters(plist), 0) << path;
    H5O_info_t info; // h5py records no times, so the same weights give the same bytes
    H5Oget_info2(d, &info, H5O_INFO_TIME);
    EXPECT_EQ(info.ctime, 0) << path;
    EXPECT_EQ(H5Sget_simple_extent_type(space), std::string(path) == "layers/scale/vars/0" ? H5S_SCALAR : H5S_SIMPLE)
        << path;
    H5Sclose(space);
    H5Pclose(plist);
    H5Tclose(type);
    H5Dclose(d);
  }
  H5Fclose(f);
}

// The committed Keras 3 fixture (the layout of a real `model.save_weights`, see fixtures/make_fixtures.py),
// rewritten from what xcc reads of it, has the same objects apart from the optimizer state xcc does not keep.
TEST(Keras3Writer, RewritesTheKeras3FixtureWithTheSameObjects) {
  TempDir dir;
  WeightFile wf = loadWeights(fixture("keras3.weights.h5"));
  Keras3Weights w;
  for (const std::string &object : objects(fixture("keras3.weights.h5"))) {
    std::string path = object.substr(0, object.find(' '));
    bool isVars = path == "vars" || (path.size() > 5 && path.compare(path.size() - 5, 5, "/vars") == 0);
    if (isVars && path.rfind("optimizer", 0) != 0)
      w.groups.push_back({path, ""});
  }
  for (const NamedWeight &nw : wf.weights)
    w.variables.push_back({nw.path, nw.value});
  writeKeras3Weights(dir.file("copy.weights.h5"), w);

  Strings expected;
  for (const std::string &object : objects(fixture("keras3.weights.h5")))
    if (object.rfind("optimizer", 0) != 0)
      expected.push_back(object);
  EXPECT_EQ(objects(dir.file("copy.weights.h5")), expected);
  WeightFile back = loadWeights(dir.file("copy.weights.h5"));
  ASSERT_EQ(back.weights.size(), wf.weights.size());
  for (const NamedWeight &nw : wf.weights) {
    const NamedWeight *b = back.find(nw.layer, nw.weight);
    ASSERT_NE(b, nullptr) << nw.path;
    EXPECT_EQ(b->value.shape, nw.value.shape) << nw.path;
    EXPECT_TRUE(sameBits(b->value.data, nw.value.data)) << nw.path;
  }
}

TEST(Keras3Writer, ReplacesAnExistingFile) {
  TempDir dir;
  writeKeras3Weights(dir.file("m.weights.h5"), sampleWeights());
  Keras3Weights small;
  small.groups = {{"vars", "m"}, {"layers/dense/vars", "dense"}};
  small.variables = {{"layers/dense/vars/0", {{1, 1}, {4.0f}}}};
  writeKeras3Weights(dir.file("m.weights.h5"), small);
  WeightFile wf = loadWeights(dir.file("m.weights.h5"));
  ASSERT_EQ(wf.weights.size(), 1u);
  EXPECT_EQ(wf.weights[0].path, "layers/dense/vars/0");
  EXPECT_EQ(wf.weights[0].value.data, std::vector<float>{4.0f});
}

// FNV-1a 64 of the float32 bytes (1.0f is 00 00 80 3f): the empty input gives the offset basis; -0 and +0 differ.
TEST(ValuesHash, IsFnv1aOfTheFloatBytes) {
  EXPECT_EQ(valuesHash({}), "cbf29ce484222325");
  EXPECT_EQ(valuesHash({1.0f}), "4b72477f9c5c2f98");
  EXPECT_NE(valuesHash({1.0f, -0.0f}), valuesHash({1.0f, 0.0f}));
}

TEST(Keras3Writer, ErrorsNameTheFileAndTheVariable) {
  TempDir dir;
  std::string file = dir.file("m.weights.h5");
  auto message = [&](const Keras3Weights &w, const std::string &path) -> std::string {
    try {
      writeKeras3Weights(path, w);
    } catch (const WeightsError &e) {
      EXPECT_EQ(e.file(), path);
      return e.what();
    }
    ADD_FAILURE() << "no error";
    return "";
  };
  Keras3Weights w = sampleWeights();
  w.variables[1].value.data.pop_back(); // 3 values for shape [4]
  std::string m = message(w, file);
  EXPECT_NE(m.find(file), std::string::npos) << m;
  EXPECT_NE(m.find("layers/functional/layers/batch_normalization/vars/0"), std::string::npos) << m;
  EXPECT_NE(m.find("[4]"), std::string::npos) << m;

  w = sampleWeights();
  w.variables.push_back(w.variables.front());
  m = message(w, file);
  EXPECT_NE(m.find("written twice"), std::string::npos) << m;

  m = message(sampleWeights(), dir.file("no/such/folder/m.weights.h5"));
  EXPECT_NE(m.find("no/such/folder/m.weights.h5"), std::string::npos) << m;
  EXPECT_NE(m.find("cannot write the file: No such file or directory"), std::string::npos) << m;
}
