// loadInitialWeights and exportKerasWeights on artifacts built by xcc_add_model from Inputs/pretrained_model.mlir
// (every weight from Inputs/pretrained.weights.h5, a Keras 3 file whose variable k holds 10k + i/8 at flat index
// i) and from the tiny model (frozen base from initializers): what is loaded, what is written, and every error.
#include "xcc/initializers/initializers.h"
#include "xcc/runtime/abi.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/model_weights.h"
#include "xcc/weights/keras3_writer.h"
#include "xcc/weights/weights.h"

#include "error_of.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

extern "C" const xcc_artifact *XCC_PRETRAINED_FT_SYMBOL(void);
extern "C" const xcc_artifact *XCC_PRETRAINED_RANDOM_SYMBOL(void);
extern "C" const xcc_artifact *XCC_TINY_HEAD_SYMBOL(void);

namespace xcc::rt {
namespace {

namespace fs = std::filesystem;

const std::string kPretrained = XCC_PRETRAINED_WEIGHTS;

using ::xcc::test::TempDir;

using test::errorOf;

/// The value of flat index i of the fixture's variable k (Inputs/make_pretrained_weights.py).
float fixtureValue(int k, size_t i) { return float(10 * k) + float(i) / 8; }

bool sameBits(const std::vector<float> &a, const std::vector<float> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

/// The fixture as writer input, edited by `edit`, written to `path`: the wrong files of the error tests.
void writeVariant(const std::string &path, const std::function<void(weights::Keras3Weights &)> &edit) {
  weights::WeightFile wf = weights::loadWeights(kPretrained);
  weights::Keras3Weights w;
  for (const weights::NamedWeight &nw : wf.weights)
    w.variables.push_back({nw.path, nw.value});
  edit(w);
  weights::writeKeras3Weights(path, w);
}

weights::Keras3Variable &variable(weights::Keras3Weights &w, const std::string &path) {
  for (weights::Keras3Variable &v : w.variables)
    if (v.path == path)
      return v;
  throw std::runtime_error("no " + path);
}

size_t parameterIndex(const Model &model, const std::string &layer, const std::string &weight) {
  const auto &ps = model.manifest().parameters;
  for (size_t i = 0; i < ps.size(); ++i)
    if (ps[i].layer == layer && ps[i].weight == weight)
      return i;
  throw std::runtime_error("no parameter " + layer + "/" + weight);
}

bool noParameterSet(const Model &model) {
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i)
    if (!model.parameter(i).empty())
      return false;
  return true;
}

// --- loadInitialWeights ---

// The compiler matched each parameter by Keras 3's keys in Keras's layer order (block1_conv1 is the first Conv2D
// by depth although the residual "conv2d" is built first) and recorded key and hash; the runtime finds the same
// entries.
TEST(LoadInitialWeights, GivesEveryParameterItsValueFromTheFile) {
  Model model(XCC_PRETRAINED_FT_SYMBOL());
  const Manifest &m = model.manifest();
  ASSERT_EQ(m.parameters.size(), 6u);
  EXPECT_TRUE(noParameterSet(model));
  size_t kernel = parameterIndex(model, "base/block1_conv1", "kernel");
  EXPECT_EQ(m.parameters[kernel].keyLayer, "functional/conv2d");
  EXPECT_EQ(m.parameters[kernel].keyWeight, "0");
  EXPECT_EQ(m.parameters[parameterIndex(model, "base/conv2d", "kernel")].keyLayer, "functional/conv2d_1");

  loadInitialWeights(model, kPretrained);
  // Fixture variables: 0 block1_conv1 kernel, 1-4 BN, 5 the residual kernel, 6 dense kernel, 7 dense bias.
  const std::vector<std::pair<std::string, int>> expected = {
      {"base/block1_conv1/kernel", 0}, {"base/block1_conv1_bn/gamma", 1}, {"base/block1_conv1_bn/beta", 2},
      {"base/conv2d/kernel", 5},       {"dense/kernel", 6},               {"dense/bias", 7}};
  for (const auto &[name, k] : expected) {
    size_t slash = name.rfind('/');
    const std::vector<float> &v = model.parameter(parameterIndex(model, name.substr(0, slash), name.substr(slash + 1)));
    ASSERT_FALSE(v.empty()) << name;
    for (size_t i = 0; i < v.size(); ++i)
      ASSERT_EQ(v[i], fixtureValue(k, i)) << name << " [" << i << "]";
  }
  std::vector<float> image(4 * 4 * 3, 0.5f);
  EXPECT_EQ(model.predict(image).size(), 1u);
}

struct BadFile {
  const char *name;
  std::function<void(weights::Keras3Weights &)> edit;
  std::vector<std::string> fragments;
};

TEST(LoadInitialWeights, ErrorsNameTheFileTheParameterAndTheReason) {
  TempDir dir("xcc-model-weights");
  const std::vector<BadFile> cases = {
      {"missing.weights.h5",
       [](weights::Keras3Weights &w) {
         weights::Keras3Variable *residual = &variable(w, "layers/functional/layers/conv2d_1/vars/0");
         w.variables.erase(w.variables.begin() + (residual - w.variables.data()));
       },
       {"parameter 'base/conv2d/kernel'", "no entry (layer 'functional/conv2d_1', weight '0')",
        "not the weights file the artifact was compiled with"}},
      {"shape.weights.h5",
       [](weights::Keras3Weights &w) { variable(w, "layers/dense/vars/0").value.shape = {2, 2}; },
       {"parameter 'dense/kernel'", "has shape [2, 2], expected [4, 1]"}},
      {"other.weights.h5",
       [](weights::Keras3Weights &w) { variable(w, "layers/dense/vars/1").value.data[0] = 70.5f; },
       {"parameter 'dense/bias'", "differ from those the artifact was compiled with",
        "a different weights file than at compile time"}},
      // A trainable parameter may match while the baked statistics do not: the file is still the wrong one.
      {"frozen.weights.h5",
       [](weights::Keras3Weights &w) {
         variable(w, "layers/functional/layers/batch_normalization/vars/3").value.data[2] = 1.0f;
       },
       {"frozen variable 'base/block1_conv1_bn/moving_variance'", "a different weights file than at compile time"}},
  };
  for (const BadFile &c : cases) {
    std::string path = dir.file(c.name);
    writeVariant(path, c.edit);
    Model model(XCC_PRETRAINED_FT_SYMBOL());
    std::string message = errorOf([&] { loadInitialWeights(model, path); });
    EXPECT_NE(message.find("'" + path + "'"), std::string::npos) << message;
    for (const std::string &f : c.fragments)
      EXPECT_NE(message.find(f), std::string::npos) << c.name << ": " << message;
    EXPECT_TRUE(noParameterSet(model)) << c.name << ": a failed load changed parameters";
  }
}

// A fine-tune phase (no frozen prefix, BatchNorm parameters beside the kernels): the train step's two halves,
// gradientStep then applyGradients, are the step, bit for bit.
TEST(TrainHalves, FineTuneStepIsGradientThenUpdate) {
  Model whole(XCC_PRETRAINED_FT_SYMBOL()), halves(XCC_PRETRAINED_FT_SYMBOL());
  loadInitialWeights(whole, kPretrained);
  loadInitialWeights(halves, kPretrained);
  std::vector<float> images(2 * 4 * 4 * 3), labels = {1, 0};
  for (size_t i = 0; i < images.size(); ++i)
    images[i] = float((i * 37) % 255);
  for (int step = 0; step < 2; ++step) {
    Model::StepResult a = whole.trainStep(images.data(), labels.data(), nullptr, 2, 1e-3f, 0);
    Model::GradientResult g = halves.gradientStep(images.data(), labels.data(), nullptr, 2, 0);
    EXPECT_EQ(g.loss, a.loss);
    halves.applyGradients(g.gradients, 1e-3f);
  }
  for (size_t i = 0; i < whole.manifest().parameters.size(); ++i)
    EXPECT_TRUE(sameBits(halves.parameter(i), whole.parameter(i))) << whole.manifest().parameters[i].weight;
}

TEST(LoadInitialWeights, TruncatedOrMissingFileIsOneErrorNamingIt) {
  TempDir dir("xcc-model-weights");
  std::ifstream in(kPretrained, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string truncated = dir.file("truncated.weights.h5");
  std::ofstream(truncated, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() / 2));
  for (const std::string &path : {truncated, dir.file("absent.weights.h5")}) {
    Model model(XCC_PRETRAINED_FT_SYMBOL());
    std::string message = errorOf([&] { loadInitialWeights(model, path); });
    EXPECT_NE(message.find("cannot read weights"), std::string::npos) << message;
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_TRUE(noParameterSet(model));
  }
}

// --- random_weights: the runtime makes what xcc compile --random-weights made ---

TEST(RandomWeights, TrainableParametersStartAsTheCompilerMadeThem) {
  Model model(XCC_PRETRAINED_RANDOM_SYMBOL()); // head phase: the dense head trains, the base is baked
  const Manifest &m = model.manifest();
  ASSERT_EQ(m.parameters.size(), 2u);
  for (size_t i = 0; i < m.parameters.size(); ++i) {
    const ParameterSpec &p = m.parameters[i];
    EXPECT_EQ(p.init, "random_weights") << p.layer;
    EXPECT_EQ(p.seed, randomWeightsSeed(p.layer, p.weight, 3));
    ASSERT_EQ(int64_t(model.parameter(i).size()), p.numElements()) << p.layer;
    // The compiler hashed the values it would have baked; the runtime's are the same bits.
    EXPECT_EQ(weights::valuesHash(model.parameter(i)), p.hash) << p.layer << "/" << p.weight;
    EXPECT_EQ(model.parameter(i), randomWeights(p.weight, p.shape, p.seed));
  }
  // Seeds come from the Keras layer name (not the nested "base/" one), so that a phase training the base starts
  // it from the values this one bakes.
  for (const VariableSpec &v : m.variables)
    if (v.layer == "base/block1_conv1")
      EXPECT_EQ(v.seed, randomWeightsSeed("block1_conv1", "kernel", 3));
}

TEST(LoadInitialWeights, NothingToLoadIsNoError) {
  // Every parameter of the random-weights artifact has its value already; the file is not even opened.
  Model model(XCC_PRETRAINED_RANDOM_SYMBOL());
  loadInitialWeights(model, "/no/such/file.h5");
}

// --- exportKerasWeights ---

/// Checks that `exported` holds every manifest variable at its path: parameters as the model has them, frozen
/// ones as `frozen(variable)` gives them, bit for bit.
void expectExported(const Model &model, const std::string &exported,
                    const std::function<std::vector<float>(const VariableSpec &)> &frozen) {
  weights::WeightFile wf = weights::loadWeights(exported);
  EXPECT_EQ(wf.format, weights::Format::Keras3WeightsH5);
  const Manifest &m = model.manifest();
  ASSERT_EQ(wf.weights.size(), m.variables.size());
  for (const VariableSpec &v : m.variables) {
    const weights::NamedWeight *w = nullptr;
    for (const weights::NamedWeight &nw : wf.weights)
      if (nw.path == v.path)
        w = &nw;
    ASSERT_NE(w, nullptr) << v.path;
    EXPECT_EQ(w->value.shape, v.shape) << v.path;
    std::vector<float> expected = v.from == "parameter" ? model.parameter(v.parameter) : frozen(v);
    EXPECT_TRUE(sameBits(w->value.data, expected)) << v.path << " (" << v.layer << "/" << v.weight << ")";
  }
  // Weightless layers are written too (as empty vars groups).
  std::set<std::string> layers(wf.layerOrder.begin(), wf.layerOrder.end());
  for (const VariableGroup &g : m.variableGroups) {
    std::string key = g.path == "vars" ? "" : g.path.substr(0, g.path.size() - 5); // drop "/vars"
    for (std::string::size_type p; (p = key.find("layers/")) != std::string::npos;)
      key.erase(p, 7); // the reader's layer names drop the "layers/" segments
    if (!key.empty())
      EXPECT_TRUE(layers.count(key)) << g.path;
  }
}

TEST(ExportKerasWeights, WritesTrainedParametersAndTheBakedWeightsAsKeras3) {
  TempDir dir("xcc-model-weights");
  Model model(XCC_PRETRAINED_FT_SYMBOL());
  loadInitialWeights(model, kPretrained);
  // "Training": every parameter moves.
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i) {
    std::vector<float> v = model.parameter(i);
    for (float &x : v)
      x = x * 0.5f - 1.0f / 3.0f;
    model.setParameter(i, v);
  }
  std::string out = dir.file("trained.weights.h5");
  exportKerasWeights(model, out, kPretrained);
  weights::WeightFile original = weights::loadWeights(kPretrained);
  expectExported(model, out, [&](const VariableSpec &v) { return original.find(v.keyLayer, v.keyWeight)->value.data; });
  // The same groups and datasets as Keras's file for this model (the fixture), and nothing left behind.
  weights::WeightFile a = weights::loadWeights(out);
  std::set<std::string> exportedLayers(a.layerOrder.begin(), a.layerOrder.end()),
      fixtureLayers(original.layerOrder.begin(), original.layerOrder.end());
  EXPECT_EQ(exportedLayers, fixtureLayers);
  EXPECT_EQ(dir.entries(), std::set<std::string>{"trained.weights.h5"});

  // Exported again over the first file: replaced whole.
  model.setParameter(0, std::vector<float>(model.parameter(0).size(), 2.0f));
  exportKerasWeights(model, out, kPretrained);
  expectExported(model, out, [&](const VariableSpec &v) { return original.find(v.keyLayer, v.keyWeight)->value.data; });
  EXPECT_EQ(dir.entries(), std::set<std::string>{"trained.weights.h5"});
}

// Untrained, the export is the pretrained file again as far as xcc can tell: a new artifact loads it as the file
// it was compiled with (same entries, same hashes).
TEST(ExportKerasWeights, AnUntrainedExportLoadsAsTheOriginal) {
  TempDir dir("xcc-model-weights");
  Model model(XCC_PRETRAINED_FT_SYMBOL());
  loadInitialWeights(model, kPretrained);
  std::string out = dir.file("same.weights.h5");
  exportKerasWeights(model, out, kPretrained);
  Model again(XCC_PRETRAINED_FT_SYMBOL());
  loadInitialWeights(again, out);
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i)
    EXPECT_TRUE(sameBits(again.parameter(i), model.parameter(i))) << i;
}

TEST(ExportKerasWeights, RegeneratesFrozenInitializersAndRandomWeights) {
  TempDir dir("xcc-model-weights");
  Model tiny(XCC_TINY_HEAD_SYMBOL()); // base frozen from its initializers, head trainable
  exportKerasWeights(tiny, dir.file("tiny.weights.h5"), "");
  expectExported(tiny, dir.file("tiny.weights.h5"), [](const VariableSpec &v) {
    EXPECT_EQ(v.from, "initializer") << v.path;
    return initialValues(v.init, v.weight, v.shape, v.seed);
  });
  // The base's first kernel, glorot_uniform with seed 1 in examples/tiny/model.mlir.
  weights::WeightFile wf = weights::loadWeights(dir.file("tiny.weights.h5"));
  EXPECT_EQ(wf.find("functional/conv2d", "0")->value.data, initialize(Initializer::GlorotUniform, {3, 3, 3, 4}, 1));

  Model random(XCC_PRETRAINED_RANDOM_SYMBOL()); // the base baked from the --random-weights stream
  exportKerasWeights(random, dir.file("random.weights.h5"), "");
  expectExported(random, dir.file("random.weights.h5"), [](const VariableSpec &v) {
    EXPECT_EQ(v.from, "random_weights") << v.path;
    return randomWeights(v.weight, v.shape, v.seed);
  });
}

TEST(ExportKerasWeights, ErrorsNameTheFileTheVariableAndTheReason) {
  TempDir dir("xcc-model-weights");
  std::string out = dir.file("out.weights.h5");
  Model model(XCC_PRETRAINED_FT_SYMBOL());
  std::string m = errorOf([&] { exportKerasWeights(model, out, kPretrained); });
  EXPECT_NE(m.find("'" + out + "'"), std::string::npos) << m;
  EXPECT_NE(m.find("parameter 'base/block1_conv1/kernel'"), std::string::npos) << m; // the first variable
  EXPECT_NE(m.find("no value yet"), std::string::npos) << m;

  loadInitialWeights(model, kPretrained);
  m = errorOf([&] { exportKerasWeights(model, out, ""); });
  EXPECT_NE(m.find("frozen variable 'base/block1_conv1_bn/moving_mean'"), std::string::npos) << m;
  EXPECT_NE(m.find("pass that file"), std::string::npos) << m;

  std::string other = dir.file("other.weights.h5");
  writeVariant(other, [](weights::Keras3Weights &w) {
    variable(w, "layers/functional/layers/batch_normalization/vars/2").value.data[0] = -1.0f;
  });
  m = errorOf([&] { exportKerasWeights(model, out, other); });
  EXPECT_NE(m.find("'" + other + "'"), std::string::npos) << m;
  EXPECT_NE(m.find("frozen variable 'base/block1_conv1_bn/moving_mean'"), std::string::npos) << m;
  EXPECT_NE(m.find("a different weights file than at compile time"), std::string::npos) << m;

  std::string unwritable = dir.file("no/such/folder/out.weights.h5");
  m = errorOf([&] { exportKerasWeights(model, unwritable, kPretrained); });
  EXPECT_NE(m.find(unwritable), std::string::npos) << m;
  EXPECT_EQ(dir.entries(), std::set<std::string>{"other.weights.h5"}) << "a failed export left files behind";
}

// --- manifests that cannot say where a value lives (a hand-written artifact; the code is never run) ---

int noForward(void **) { return 1; }

std::string manifestWith(const std::string &parameters, const std::string &extra) {
  return R"({"format": "xcc-artifact-1", "version": )" + std::to_string(XCC_ARTIFACT_VERSION) +
         R"(, "model": "m", "phase": "fine-tune", "function": "f", "target": "host",
             "input": {"layer": "in", "shape": [null, 2, 2, 1]}, "output": {"layer": "d", "shape": [null, 1]},
             "frozen_hash": "0", "parameters": )" +
         parameters + extra + "}";
}

TEST(ModelWeights, ArtifactsThatDoNotKnowTheirSources) {
  // Compiled without --weights: the parameter's entry in a file is unknown.
  std::string json = manifestWith(R"([{"layer": "d", "weight": "kernel", "shape": [4, 1], "init": "weights",
                                       "source": {"layer": "d", "weight": "kernel"}}])",
                                  "");
  xcc_artifact artifact{json.c_str(), noForward, nullptr};
  Model model(&artifact);
  std::string m = errorOf([&] { loadInitialWeights(model, kPretrained); });
  EXPECT_NE(m.find("parameter 'd/kernel'"), std::string::npos) << m;
  EXPECT_NE(m.find("compiled without a weights file"), std::string::npos) << m;
  EXPECT_NE(m.find(kPretrained), std::string::npos) << m;

  // A manifest from before "variables" were recorded cannot be exported.
  TempDir dir("xcc-model-weights");
  model.setParameter(0, {1, 2, 3, 4});
  m = errorOf([&] { exportKerasWeights(model, dir.file("m.weights.h5"), ""); });
  EXPECT_NE(m.find("lists no variables"), std::string::npos) << m;
}

} // namespace
} // namespace xcc::rt
