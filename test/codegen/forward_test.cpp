// Generated forward code against the plain reference, on random inputs and parameters.
//
// The reference runs the graph as xcc saw it before folding (BatchNorm and Rescaling still separate, in double
// precision); the generated code runs the folded, fused float32 version. Tolerance: |gen - ref| <= 1e-4 ·
// max(1, max|ref|) + 1e-4 · |ref| per element — float32 rounding through ~40 layers stays well inside it, a
// wrong index or a wrong fold does not.
#include "generated_call.h"
#include "random_values.h"
#include "reference_interpreter.h"

#include "KernelGraph/GraphIO.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "tiny_inference_forward.h"
#include "tiny_head_forward.h"
#include "xception_transfer_head_forward.h"
#include "xception_transfer_fine_tune_forward.h"

// The per-op artifacts (ops/*.mlir): XCC_OP(name) for each, compiled as op_<name>_inference_forward.
#define XCC_OP(name) extern "C" int op_##name##_inference_forward_argv(void **);
#include "op_artifacts.inc"
#undef XCC_OP

namespace xcc::test {
namespace {

/// Compares one artifact with the reference on `batch` random images with pixel values in [0, 255].
void expectMatchesReference(const std::string &artifactDir, ArgvFunction fn, int64_t batch) {
  kg::Graph g = loadReferenceGraph(artifactDir);
  std::mt19937 rng(1234);
  ref::Tensor input = randomTensor(withBatch(g.nodes[g.inputs[0]].shape, batch), rng, 0.0f, 255.0f);
  std::vector<ref::Tensor> params;
  std::vector<ref::TensorD> paramsD;
  for (int id : g.params) {
    params.push_back(randomParam(g.nodes[id], rng));
    paramsD.push_back(params.back().cast<double>());
  }
  ref::TensorD want = runReference(g, input.cast<double>(), paramsD);
  ref::Tensor got = callGenerated(fn, input, params, want.shape);
  ASSERT_EQ(got.shape, want.shape);
  double peak = 1.0, maxAbs = 0, maxRel = 0;
  for (double v : want.data)
    peak = std::max(peak, std::fabs(v));
  size_t bad = 0;
  for (size_t i = 0; i < want.data.size(); ++i) {
    double diff = std::fabs(double(got.data[i]) - want.data[i]);
    maxAbs = std::max(maxAbs, diff);
    maxRel = std::max(maxRel, diff / std::max(1e-12, std::fabs(want.data[i])));
    bad += diff > 1e-4 * peak + 1e-4 * std::fabs(want.data[i]);
  }
  std::printf("[ %s ] batch %lld, %zu outputs: max abs diff %.3g, max rel diff %.3g (peak |ref| %.3g)\n",
              g.name.c_str(), static_cast<long long>(batch), want.data.size(), maxAbs, maxRel, peak);
  EXPECT_EQ(bad, 0u) << "max abs diff " << maxAbs << " with peak " << peak;
}

struct OpArtifact {
  const char *name;
  ArgvFunction fn;
};

class GeneratedOp : public ::testing::TestWithParam<OpArtifact> {};

// Each op family on its own, with every output element compared (batch 2, random weights).
TEST_P(GeneratedOp, MatchesReference) {
  expectMatchesReference(std::string(XCC_ARTIFACTS_DIR "/op_") + GetParam().name, GetParam().fn, 2);
}

#define XCC_OP(name) OpArtifact{#name, op_##name##_inference_forward_argv},
const OpArtifact kOps[] = {
#include "op_artifacts.inc"
};
#undef XCC_OP
INSTANTIATE_TEST_SUITE_P(Ops, GeneratedOp, ::testing::ValuesIn(kOps),
                         [](const auto &info) { return std::string(info.param.name); });

// Every op kind, all weights frozen and folded where legal.
TEST(GeneratedForward, TinyInferenceMatchesReference) {
  expectMatchesReference(XCC_ARTIFACTS_DIR "/tiny_inference", tiny_inference_forward_argv, 2);
}

// Head phase: the base is constant, the head's kernels and biases are runtime inputs.
TEST(GeneratedForward, TinyHeadWithTrainableParamsMatchesReference) {
  expectMatchesReference(XCC_ARTIFACTS_DIR "/tiny_head", tiny_head_forward_argv, 2);
}

// The guide's model, phase 1: Xception folded (BN + Rescaling), Dense(1) trainable; random weights.
TEST(GeneratedForward, XceptionHeadMatchesReference) {
  expectMatchesReference(XCC_ARTIFACTS_DIR "/xception_head", xception_transfer_head_forward_argv, 2);
}

// Phase 2: nothing folded (every kernel and BN gamma/beta is a runtime input, 156 tensors), BN in inference mode.
TEST(GeneratedForward, XceptionFineTuneMatchesReference) {
  expectMatchesReference(XCC_ARTIFACTS_DIR "/xception_fine_tune", xception_transfer_fine_tune_forward_argv, 2);
}

// The pipelines are compiled without Halide's checks of their buffers; the driver in front of every one of them
// refuses a buffer of another shape than the pipeline was compiled for (XCC_PLAN_BAD_BUFFER, -1003), where the
// pipeline would read past the buffer's end.
TEST(GeneratedForward, DriverRefusesBuffersOfAnotherShape) {
  kg::Graph g = loadReferenceGraph(XCC_ARTIFACTS_DIR "/tiny_head");
  std::mt19937 rng(1234);
  std::vector<int64_t> inputShape = withBatch(g.nodes[g.inputs[0]].shape, 2);
  std::vector<ref::Tensor> params;
  for (int id : g.params)
    params.push_back(randomParam(g.nodes[id], rng));
  std::vector<int64_t> outputShape = withBatch(g.nodes[g.outputs[0]].shape, 2);
  ref::Tensor input = randomTensor(inputShape, rng, 0.0f, 255.0f);
  EXPECT_NO_THROW(callGenerated(tiny_head_forward_argv, input, params, outputShape));

  std::vector<int64_t> wider = inputShape;
  wider[2] += 1;
  ref::Tensor wrongInput = randomTensor(wider, rng, 0.0f, 255.0f);
  try {
    callGenerated(tiny_head_forward_argv, wrongInput, params, outputShape);
    ADD_FAILURE() << "an input of another width was accepted";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "generated function returned -1003");
  }
  ASSERT_FALSE(params.empty());
  std::vector<int64_t> smaller = params[0].shape;
  smaller.back() -= 1;
  std::vector<ref::Tensor> wrongParams = params;
  wrongParams[0] = randomTensor(smaller, rng, -1.0f, 1.0f);
  EXPECT_THROW(callGenerated(tiny_head_forward_argv, input, wrongParams, outputShape), std::runtime_error);
  std::vector<int64_t> otherBatch = outputShape;
  otherBatch[0] = 3;
  EXPECT_THROW(callGenerated(tiny_head_forward_argv, input, params, otherBatch), std::runtime_error);
}

} // namespace
} // namespace xcc::test
