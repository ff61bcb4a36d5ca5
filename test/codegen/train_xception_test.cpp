// The guide's two train steps against the plain reference (see train_check.h for what is compared), and a
// second architecture whose repeated blocks share kernels.
#include "train_check.h"

#include <gtest/gtest.h>

extern "C" int xception_transfer_head_train_argv(void **);
extern "C" int xception_transfer_fine_tune_train_argv(void **);
extern "C" int mobilenet_1_00_224_transfer_fine_tune_train_argv(void **);

namespace xcc::test {
namespace {

// The guide's phase 1 at batch 2: frozen Xception as constants, Dense(1) trained with Adam(1e-3).
TEST(GeneratedTrainStep, XceptionHead) {
  expectStepMatchesReference(XCC_ARTIFACTS_DIR "/xception_head", xception_transfer_head_train_argv, {2, 1e-3f, 0});
}

// Phase 2 at batch 2: all 156 tensors (20.8 M values) differentiated, BN in inference mode, Adam(1e-5).
TEST(GeneratedTrainStep, XceptionFineTune) {
  expectStepMatchesReference(XCC_ARTIFACTS_DIR "/xception_fine_tune", xception_transfer_fine_tune_train_argv,
                             {2, 1e-5f, 0});
}

// MobileNet v1 fine-tuned at batch 2: blocks 7-11 are copies that call one kernel each way, reading their
// own weights and frozen BatchNorm statistics.
TEST(GeneratedTrainStep, MobileNetFineTuneSharedKernels) {
  expectStepMatchesReference(XCC_ARTIFACTS_DIR "/mobilenet_fine_tune",
                             mobilenet_1_00_224_transfer_fine_tune_train_argv, {2, 1e-5f, 0});
}

} // namespace
} // namespace xcc::test
