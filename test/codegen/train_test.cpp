// Generated train steps of the small models against the plain reference train step; what is compared and with
// which tolerance is in train_check.h.
//
#include "train_check.h"

#include <gtest/gtest.h>

#define XCC_GRAD(name) extern "C" int grad_##name##_train_train_argv(void **);
#include "grad_artifacts.inc"
#undef XCC_GRAD
extern "C" int tiny_head_train_argv(void **);
extern "C" int tiny_fine_tune_train_argv(void **);

namespace xcc::test {
namespace {

struct GradArtifact {
  const char *name;
  ArgvFunction fn;
};

class GeneratedGradient : public ::testing::TestWithParam<GradArtifact> {};

// One gradient family per model (grad_ops/*.mlir), every trainable parameter compared.
TEST_P(GeneratedGradient, MatchesReference) {
  expectStepMatchesReference(std::string(XCC_ARTIFACTS_DIR "/grad_") + GetParam().name, GetParam().fn, {});
}

// Batch 9: weight-shaped gradients (kernels, BN's γ and β, biases) are reduced in tasks of 4 images
// on both cores and then summed (schedules/train_schedule.cpp); 9 gives two full tasks and a partial one.
TEST_P(GeneratedGradient, MatchesReferenceOverSeveralTasks) {
  expectStepMatchesReference(std::string(XCC_ARTIFACTS_DIR "/grad_") + GetParam().name, GetParam().fn, {9});
}

#define XCC_GRAD(name) GradArtifact{#name, grad_##name##_train_train_argv},
const GradArtifact kGrads[] = {
#include "grad_artifacts.inc"
};
#undef XCC_GRAD
INSTANTIATE_TEST_SUITE_P(Ops, GeneratedGradient, ::testing::ValuesIn(kGrads),
                         [](const auto &info) { return std::string(info.param.name); });

// Every op kind of the tiny model: the head phase trains conv_head and dense through softmax, GAP and dropout.
TEST(GeneratedTrainStep, TinyHead) { expectStepMatchesReference(XCC_ARTIFACTS_DIR "/tiny_head", tiny_head_train_argv, {}); }

// Fine-tune: gradients reach every layer of the base, through pools, concatenation, padding and reshapes.
TEST(GeneratedTrainStep, TinyFineTune) {
  expectStepMatchesReference(XCC_ARTIFACTS_DIR "/tiny_fine_tune", tiny_fine_tune_train_argv, {4, 1e-3f, 0});
}

// As above at batch 9: the weight-shaped gradients' reductions in several tasks, the last one partial.
TEST(GeneratedTrainStep, TinyFineTuneOverSeveralTasks) {
  expectStepMatchesReference(XCC_ARTIFACTS_DIR "/tiny_fine_tune", tiny_fine_tune_train_argv, {9, 1e-3f, 0});
}

} // namespace
} // namespace xcc::test
