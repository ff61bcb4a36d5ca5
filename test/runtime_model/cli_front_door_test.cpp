// The model CLI as a new user meets it: help per command, "did you mean" for slips, `info`, and no silent wrong
// answers (an untrained head, a parent of split folders, a class count the model cannot have), with class names
// from fit's checkpoint in predict's output.
#include "cli_harness.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace xcc::rt {
namespace {

using test::runModelCli;

bool has(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

TEST(ModelCliFrontDoor, HelpForEachCommandAndDidYouMean) {
  test::CliResult r = runModelCli("--help");
  ASSERT_EQ(r.status, 0);
  for (const char *command : {"fit ", "evaluate ", "predict ", "info "})
    EXPECT_TRUE(has(r.out, std::string("\n  ") + command)) << r.out;

  r = runModelCli("fit --help");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "usage: tiny_head_model-cli fit --data DIR [options]")) << r.out;
  EXPECT_TRUE(has(r.out, "--early-stopping-patience N")) << r.out;
  EXPECT_FALSE(has(r.out, "--threshold")) << "evaluate's option in fit's help:\n" << r.out;
  r = runModelCli("help evaluate");
  EXPECT_TRUE(has(r.out, "--threshold T")) << r.out;

  r = runModelCli("fit --data x --epoch 3");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "unknown option '--epoch' for fit; did you mean '--epochs'?")) << r.err;
  r = runModelCli("evalute --data x");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "unknown command 'evalute'; did you mean 'evaluate'?")) << r.err;
  r = runModelCli("fit --data x --resume=yes");
  EXPECT_TRUE(has(r.err, "--resume takes no value")) << r.err;
  r = runModelCli("predict --batch-size 2 --batch-size 4 x.jpg");
  EXPECT_TRUE(has(r.err, "--batch-size is given more than once")) << r.err;
}

TEST(ModelCliFrontDoor, InfoSaysWhatTheProgramHolds) {
  test::CliResult r = runModelCli("info");
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char *line : {"model:         tiny\n", "phase:         head (trains with adam", "input:         8x8x3 ",
                           "outputs:       1 logit", "dtype policy:  float32\n", "target:        x86-64-linux",
                           "parameters:    81 trainable, 216 non-trainable"})
    EXPECT_TRUE(has(r.out, line)) << line << "\n" << r.out;
}

// The untrained head warns, the trained one names its classes; split folders and class counts are checked.
TEST(ModelCliFrontDoor, NoSilentWrongAnswers) {
  test::PhotoFolder f("xcc-front-door", 3);
  const std::string photo = test::sharedPhotos("cats", 1)[0].string();
  test::CliResult r = runModelCli("predict '" + photo + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.err, "WARNING: no --checkpoint: the trainable layers (conv_head, dense) hold their initial random values"))
      << r.err;
  EXPECT_TRUE(has(r.out, " class 0") || has(r.out, " class 1")) << r.out;

  r = runModelCli("fit --data '" + f.path("data") + "' --batch-size 2 --output '" + f.path("run") + "'");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::string ckpt = " --checkpoint '" + f.path("run/checkpoint.xcc") + "'";
  r = runModelCli("predict '" + photo + "'" + ckpt);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(has(r.err, "WARNING")) << r.err;
  EXPECT_TRUE(has(r.out, " class cats") || has(r.out, " class dogs")) << r.out;
  r = runModelCli("info" + ckpt);
  EXPECT_TRUE(has(r.out, "classes:       cats, dogs (from the checkpoint)")) << r.out << r.err;

  // Other class names than the checkpoint's: evaluated by position, with a warning that says so.
  for (const char *cls : {"a_class", "b_class"}) {
    fs::create_directories(f.path("renamed/") + cls);
    fs::copy_file(photo, f.path("renamed/") + cls + "/x.jpg");
  }
  r = runModelCli("evaluate --data '" + f.path("renamed") + "'" + ckpt);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.err, "WARNING: the checkpoint was trained on classes cats, dogs, '" + f.path("renamed") +
                             "' has a_class, b_class: labels are matched by position")) << r.err;

  // A parent of split folders: three "classes" named like splits, for a one-logit model.
  for (const char *split : {"train", "val", "test"}) {
    fs::create_directories(f.path("splits/") + split + "/cats");
    fs::copy_file(photo, f.path("splits/") + split + "/cats/a.jpg");
  }
  r = runModelCli("evaluate --data '" + f.path("splits") + "'" + ckpt);
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(has(r.err, "look like split folders, not classes: point --data at one of them")) << r.err;
  EXPECT_TRUE(has(r.err, "has 3 class folders (test, train, val), but this model has one output (a binary "
                         "classifier), which needs exactly 2")) << r.err;
}

// A phase started from an earlier one's checkpoint draws both on one axis, the second's start marked, and every
// plot's title names the model and phase.
TEST(ModelCliFrontDoor, LearningCurvesNameThePhaseAndJoinThePhases) {
  test::PhotoFolder f("xcc-front-door-plots", 3);
  const std::string data = " --data '" + f.path("data") + "' --batch-size 2 --epochs 2";
  ASSERT_EQ(runModelCli("fit" + data + " --output '" + f.path("one") + "'").status, 0);
  test::CliResult r = runModelCli("fit" + data + " --init-from '" + f.path("one/checkpoint.xcc") + "' --output '" +
                                  f.path("two") + "'");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, f.path("two/learning_curves_all_phases.svg"))) << r.out;
  std::ifstream one(f.path("one/learning_curves.svg")), all(f.path("two/learning_curves_all_phases.svg"));
  std::string oneSvg((std::istreambuf_iterator<char>(one)), {}), allSvg((std::istreambuf_iterator<char>(all)), {});
  EXPECT_TRUE(has(oneSvg, ">tiny, phase head</text>")) << oneSvg.substr(0, 600);
  EXPECT_TRUE(has(allSvg, ">tiny, phases head + head</text>")) << allSvg.substr(0, 600);
  EXPECT_TRUE(has(allSvg, ">head starts</text>")) << allSvg.substr(0, 600);
  EXPECT_FALSE(fs::exists(f.path("one/learning_curves_all_phases.svg"))); // one phase: nothing to join
}

} // namespace
} // namespace xcc::rt
