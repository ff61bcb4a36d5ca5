// xcc::rt::Model on an artifact built by xcc_add_model: manifest, first parameter values, predict against the
// plain reference interpreter, and the errors a caller can make.
#include "xcc/initializers/initializers.h"
#include "xcc/runtime/abi.h"
#include "xcc/runtime/cpu_features.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/generated_memory.h"
#include "xcc/runtime/model.h"

#include "reference_interpreter.h"

#include "error_of.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace xcc::rt {
namespace {

std::vector<float> randomValues(size_t n, std::mt19937 &rng, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

using test::errorOf;

TEST(Model, ReadsTheEmbeddedManifest) {
  Model model(XCC_ARTIFACT_SYMBOL());
  // The entry point embeds exactly what xcc compile wrote to manifest.json.
  EXPECT_EQ(XCC_ARTIFACT_SYMBOL()->manifest_json, xcc::test::readFile(XCC_TINY_HEAD_MODEL_DIR "/manifest.json"));
  const Manifest &m = model.manifest();
  EXPECT_EQ(m.model, "tiny");
  EXPECT_EQ(m.phase, "head");
  EXPECT_EQ(m.function, "tiny_head_forward");
  EXPECT_EQ(m.input.shape, (std::vector<int64_t>{-1, 8, 8, 3}));
  EXPECT_EQ(m.output.shape, (std::vector<int64_t>{-1, 1}));
  EXPECT_EQ(model.height(), 8);
  EXPECT_EQ(model.outputsPerSample(), 1);
  ASSERT_EQ(m.parameters.size(), 4u);
  EXPECT_EQ(m.parameters[0].layer + "/" + m.parameters[0].weight, "conv_head/kernel");
  EXPECT_EQ(m.parameters[3].layer + "/" + m.parameters[3].weight, "dense/bias");
}

// kernel: glorot_uniform with the model's seed; bias: zeros (examples/tiny/model.mlir).
TEST(Model, InitializesParametersFromTheManifest) {
  Model model(XCC_ARTIFACT_SYMBOL());
  const ParameterSpec &kernel = model.manifest().parameters[2];
  EXPECT_EQ(kernel.init, "glorot_uniform");
  EXPECT_EQ(kernel.seed, 6u);
  EXPECT_EQ(model.parameter(2), initialize(Initializer::GlorotUniform, {8, 1}, 6));
  EXPECT_EQ(model.manifest().parameters[3].init, "zeros");
  EXPECT_EQ(model.parameter(3), std::vector<float>{0.0f});
}

// fit --init-seed S: every initializer-backed parameter is drawn again, from its own manifest seed mixed with S,
// so two models given the same S agree, another S (or none) gives other values, and zeros stay zeros.
TEST(Model, RedrawnInitializersFollowTheSeed) {
  Model a(XCC_ARTIFACT_SYMBOL()), b(XCC_ARTIFACT_SYMBOL()), c(XCC_ARTIFACT_SYMBOL());
  const std::vector<float> first = a.parameter(2);
  EXPECT_EQ(a.redrawInitializers(3), a.manifest().parameters.size());
  EXPECT_EQ(a.parameter(2), initialize(Initializer::GlorotUniform, {8, 1}, reseed(6, 3)));
  EXPECT_NE(a.parameter(2), first);
  b.redrawInitializers(3);
  c.redrawInitializers(4);
  for (size_t i = 0; i < a.manifest().parameters.size(); ++i)
    EXPECT_EQ(a.parameter(i), b.parameter(i)) << i;
  EXPECT_NE(a.parameter(2), c.parameter(2));
  EXPECT_EQ(a.parameter(3), std::vector<float>{0.0f});
}

// Same check as test/codegen's forward test, but through Model and xcc's own buffers instead of Halide's.
TEST(Model, PredictMatchesReferenceInterpreter) {
  const std::string dir = XCC_TINY_HEAD_REFERENCE_DIR;
  kg::Graph g = xcc::test::loadReferenceGraph(dir);
  Model model(XCC_ARTIFACT_SYMBOL());
  ASSERT_EQ(model.manifest().parameters.size(), g.params.size());

  const int64_t batch = 3;
  std::mt19937 rng(99);
  std::vector<float> input = randomValues(size_t(batch * 8 * 8 * 3), rng, 0, 255);
  std::vector<ref::TensorD> params;
  for (size_t i = 0; i < g.params.size(); ++i) {
    const kg::Node &node = g.nodes[g.params[i]];
    ASSERT_EQ(node.shape, model.manifest().parameters[i].shape);
    std::vector<float> values = randomValues(model.parameter(i).size(), rng, -0.5f, 0.5f);
    params.push_back(ref::Tensor(node.shape, values).cast<double>());
    model.setParameter(i, values);
  }
  ref::TensorD want = xcc::test::runReference(g, ref::Tensor({batch, 8, 8, 3}, input).cast<double>(), params);
  std::vector<float> got = model.predict(input);
  ASSERT_EQ(got.size(), want.data.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], want.data[i], 1e-4 * std::max(1.0, std::fabs(want.data[i]))) << "image " << i;

  // Generated code allocated its intermediates through the runtime's caching allocator, not Halide's default.
  GeneratedMemoryStats memory = generatedMemoryStats();
  EXPECT_GT(memory.heapAllocations + memory.reuses, 0u);

  // Batch size does not change a sample's result.
  std::vector<float> first = model.predict(input.data(), 1);
  EXPECT_NEAR(first[0], got[0], 1e-5);
}

TEST(Model, RejectsInputThatIsNotWholeImages) {
  Model model(XCC_ARTIFACT_SYMBOL());
  std::string why = errorOf([&] { model.predict(std::vector<float>(8 * 8 * 3 + 1)); });
  EXPECT_NE(why.find("(None, 8, 8, 3) (192 values each); got 193 values"), std::string::npos) << why;
  EXPECT_NE(errorOf([&] { model.predict(std::vector<float>()); }).find("got 0 values"), std::string::npos);
  EXPECT_NE(errorOf([&] { model.predict(nullptr, 0); }).find("batch size 0 is out of range"), std::string::npos);
  EXPECT_NE(errorOf([&] { model.setParameter(0, {1.0f}); }).find("'conv_head/kernel' of shape (1, 1, 8, 8) needs 64"),
            std::string::npos);
}

// An artifact for a CPU this one is not is refused at load, naming what is missing, instead of dying of SIGILL at
// its first step. Xeon Phi's AVX-512 PF/ER (Halide's avx512_knl) is on no machine this project runs on; the tiny
// model's own target must pass on this one.
TEST(Model, RefusesAnArtifactForAnotherCpu) {
  const std::string target = Model(XCC_ARTIFACT_SYMBOL()).manifest().target;
  EXPECT_EQ(missingCpuFeatures(target, hostCpuFeatures()), "") << target;
  std::string manifest = XCC_ARTIFACT_SYMBOL()->manifest_json;
  manifest.replace(manifest.find(target), target.size(), "x86-64-linux-avx512_knl");
  xcc_artifact knl = *XCC_ARTIFACT_SYMBOL();
  knl.manifest_json = manifest.c_str();
  std::string why = errorOf([&] { Model m(&knl); });
  EXPECT_NE(why.find("was compiled for x86-64-linux-avx512_knl, and this CPU lacks "), std::string::npos) << why;
  EXPECT_NE(why.find("avx512er"), std::string::npos) << why;
  EXPECT_NE(why.find("xcc compile --target x86-64-linux-sse41-avx-f16c-fma-avx2"), std::string::npos) << why;
}

// An artifact whose generated code fails, and one whose parameter comes from a weights file: both are reported.
int failingForward(void **) { return -3; }

TEST(Model, ReportsGeneratedCodeFailureAndUnloadedWeights) {
  std::string manifest = R"({"format": "xcc-artifact-1", "version": )" + std::to_string(XCC_ARTIFACT_VERSION) +
                         R"(, "model": "m", "phase": "fine-tune", "function": "m_f",
    "target": "host", "frozen_hash": "0", "input": {"layer": "in", "shape": [null, 2, 2, 3]},
    "output": {"layer": "out", "shape": [null, 1]},
    "parameters": [{"layer": "d", "weight": "bias", "shape": [1], "trainable": true, "init": "zeros", "seed": 1}]})";
  xcc_artifact artifact{manifest.c_str(), &failingForward};
  Model model(&artifact);
  std::vector<float> image(12);
  EXPECT_NE(errorOf([&] { model.predict(image); }).find("'m_f' failed with code -3"), std::string::npos);

  std::string fromFile = manifest;
  fromFile.replace(fromFile.find(R"("init": "zeros", "seed": 1)"), 26,
                   R"("init": "weights", "source": {"layer": "d", "weight": "bias"})");
  xcc_artifact weights{fromFile.c_str(), &failingForward};
  Model unloaded(&weights);
  EXPECT_NE(errorOf([&] { unloaded.predict(image); }).find("'d/bias' comes from the weights file"), std::string::npos);

  xcc_artifact broken{"{}", &failingForward};
  EXPECT_NE(errorOf([&] { Model m(&broken); }).find("malformed artifact manifest"), std::string::npos);

  // An artifact of another ABI version (here one from before the version was written down) is refused by name.
  std::string old = manifest;
  old.erase(old.find(R"("version": )"), std::string(R"("version": , )").size() +
                                            std::to_string(XCC_ARTIFACT_VERSION).size());
  xcc_artifact older{old.c_str(), &failingForward};
  EXPECT_NE(errorOf([&] { Model m(&older); }).find("the artifact is of version 1 and this runtime reads version"),
            std::string::npos);
}

} // namespace
} // namespace xcc::rt
