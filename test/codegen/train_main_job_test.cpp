// The main job's fine-tune step against the plain reference (see train_check.h for what is compared). Built by
// test/oracle, since its model comes from npm.
#include "train_check.h"

#include <gtest/gtest.h>

extern "C" int model_1_transfer_fine_tune_train_argv(void **);

namespace xcc::test {
namespace {

// nsfwjs's MobileNetV2 at 96x96 with the guide's head, its own weights, batch 2, Adam(1e-5): blocks 4-5, 7-9,
// 11-12 and 14-15 are copies that call one kernel each way.
TEST(GeneratedTrainStep, MainJobFineTuneSharedKernels) {
  expectStepMatchesReference(XCC_ARTIFACTS_DIR "/main_job_fine_tune", model_1_transfer_fine_tune_train_argv,
                             {2, 1e-5f, 0});
}

} // namespace
} // namespace xcc::test
