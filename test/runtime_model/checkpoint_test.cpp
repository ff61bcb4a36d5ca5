// Checkpoints: a bit-exact round trip, clear errors for damaged files and for another artifact's checkpoint,
// and the atomic write: a full disk leaves the previous checkpoint intact and no temporary file behind.
#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/error.h"

#include "error_of.h"
#include "temp_dir.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace fs = std::filesystem;

namespace xcc::rt {
namespace {

using test::errorOf;

using ::xcc::test::TempDir;

/// A model that has taken two steps, so parameters, slots and iterations all differ from their first values.
Model trainedModel() {
  Model model(XCC_ARTIFACT_SYMBOL());
  std::vector<float> images(2 * 8 * 8 * 3, 40.0f), labels = {1, 0};
  images[5] = 250.0f;
  model.trainStep(images.data(), labels.data(), nullptr, 2, 0.01f, 3);
  model.trainStep(images.data(), labels.data(), nullptr, 2, 0.01f, 3);
  return model;
}

TEST(Checkpoint, RoundTripIsBitExact) {
  TempDir dir("xcc-ckpt");
  Model model = trainedModel();
  writeCheckpoint(dir.file("c.xcc"), captureCheckpoint(model, 3, R"({"note": 1})"));
  Checkpoint c = readCheckpoint(dir.file("c.xcc"));
  EXPECT_EQ(c.epochsDone, 3);
  EXPECT_EQ(c.iterations, 2);
  EXPECT_EQ(c.fitState, R"({"note":1})");

  Model restored(XCC_ARTIFACT_SYMBOL());
  restoreCheckpoint(restored, c, dir.file("c.xcc"));
  EXPECT_EQ(restored.iterations(), 2);
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i) {
    EXPECT_EQ(restored.parameter(i), model.parameter(i));
    for (size_t k = 0; k < model.numSlots(); ++k)
      EXPECT_EQ(restored.slot(k, i), model.slot(k, i));
  }
  EXPECT_EQ(fs::directory_iterator(dir.path())->path().filename(), "c.xcc"); // no temporary left over
}

TEST(Checkpoint, DamagedFilesAreClearErrors) {
  TempDir dir("xcc-ckpt");
  std::string path = dir.file("c.xcc");
  writeCheckpoint(path, captureCheckpoint(trainedModel(), 1, "{}"));
  std::string bytes = readFile(path);

  writeFileAtomically(dir.file("short.xcc"), bytes.substr(0, bytes.size() / 2));
  EXPECT_NE(errorOf([&] { readCheckpoint(dir.file("short.xcc")); }).find("short.xcc': checksum mismatch"),
            std::string::npos);
  std::string flipped = bytes;
  flipped[bytes.size() - 20] ^= 1;
  writeFileAtomically(dir.file("flipped.xcc"), flipped);
  EXPECT_NE(errorOf([&] { readCheckpoint(dir.file("flipped.xcc")); }).find("truncated or corrupt"), std::string::npos);
  writeFileAtomically(dir.file("other.xcc"), "hello, not a checkpoint at all");
  EXPECT_NE(errorOf([&] { readCheckpoint(dir.file("other.xcc")); }).find("not an xcc checkpoint"), std::string::npos);
  EXPECT_NE(errorOf([&] { readCheckpoint(dir.file("missing.xcc")); }).find("cannot read"), std::string::npos);
}

TEST(Checkpoint, ResumeRefusesAnotherArtifact) {
  Model model(XCC_ARTIFACT_SYMBOL());
  Checkpoint c = captureCheckpoint(model, 1, "{}");
  Checkpoint phase = c, hash = c, params = c;
  phase.phase = "fine-tune";
  hash.frozenHash = "0123456789abcdef";
  params.parameters.pop_back();
  EXPECT_NE(errorOf([&] { restoreCheckpoint(model, phase, "p.xcc"); })
                .find("cannot resume from checkpoint 'p.xcc': it was written by phase 'fine-tune'"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { restoreCheckpoint(model, hash, "h.xcc"); }).find("its frozen weights differ"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { restoreCheckpoint(model, params, "t.xcc"); }).find("trainable parameters differ"),
            std::string::npos);
}

TEST(Checkpoint, NewPhaseCopiesParametersByNameAndResetsTheOptimizer) {
  Model trained = trainedModel();
  Checkpoint c = captureCheckpoint(trained, 2, "{}");
  c.phase = "head";
  c.parameters.erase(c.parameters.begin()); // conv_head/kernel: not in the earlier phase
  for (auto &s : c.slots)
    s.erase(s.begin());
  Model next(XCC_ARTIFACT_SYMBOL());
  std::vector<float> firstKernel = next.parameter(0);
  EXPECT_EQ(startFromCheckpoint(next, c, "c.xcc"), 3u);
  EXPECT_EQ(next.parameter(0), firstKernel);
  EXPECT_EQ(next.parameter(2), trained.parameter(2));
  EXPECT_EQ(next.iterations(), 0);

  Checkpoint other = c;
  other.model = "xception";
  EXPECT_NE(errorOf([&] { startFromCheckpoint(next, other, "o.xcc"); }).find("it is for model 'xception'"),
            std::string::npos);
  Checkpoint disjoint = c;
  for (auto &t : disjoint.parameters)
    t.layer = "elsewhere";
  EXPECT_NE(errorOf([&] { startFromCheckpoint(next, disjoint, "d.xcc"); }).find("shares no trainable parameter"),
            std::string::npos);
}

// A fine-tune checkpoint has trained base/conv1_bn/gamma; the head artifact bakes that variable at its original
// value, so going on from the checkpoint with it would silently drop the training: refused. The same values pass.
TEST(Checkpoint, NewPhaseRefusesValuesTheArtifactBakedDifferently) {
  Model model(XCC_ARTIFACT_SYMBOL());
  Checkpoint c = captureCheckpoint(model, 1, "{}");
  c.phase = "fine-tune";
  c.frozenSources.clear();
  c.parameters.push_back({"base/conv1_bn", "gamma", {4}, {1.5f, 1.0f, 1.0f, 1.0f}});
  std::string why = errorOf([&] { startFromCheckpoint(model, c, "ft.xcc"); });
  EXPECT_NE(why.find("bakes 'base/conv1_bn/gamma' as a constant, but the checkpoint trained it"), std::string::npos)
      << why;

  Checkpoint otherFile = captureCheckpoint(model, 1, "{}");
  otherFile.frozenSources[0].hash = "0000000000000000";
  EXPECT_NE(errorOf([&] { startFromCheckpoint(model, otherFile, "o.xcc"); }).find("different weights files"),
            std::string::npos);
  EXPECT_EQ(startFromCheckpoint(model, captureCheckpoint(model, 1, "{}"), "same.xcc"), 4u);
}

// A full disk, simulated with RLIMIT_FSIZE in a child process (writes past the limit fail with EFBIG, as they
// fail with ENOSPC on a full file system): the write fails with a message naming the file, the previous
// checkpoint is untouched and no temporary file remains.
TEST(Checkpoint, FullDiskKeepsThePreviousCheckpoint) {
  TempDir dir("xcc-ckpt");
  std::string path = dir.file("c.xcc");
  Model model = trainedModel();
  writeCheckpoint(path, captureCheckpoint(model, 1, "{}"));
  std::string before = readFile(path);
  std::string message = dir.file("message.txt");
  pid_t child = ::fork();
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{before.size() / 2, before.size() / 2};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string why = errorOf([&] { writeCheckpoint(path, captureCheckpoint(model, 2, "{}")); });
    std::ofstream(message) << why.substr(0, 200); // small: under the limit
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  std::string why = readFile(message);
  EXPECT_NE(why.find("cannot write '" + path + "': write: File too large"), std::string::npos) << why;
  EXPECT_EQ(readFile(path), before);
  EXPECT_EQ(readCheckpoint(path).epochsDone, 1);
  size_t files = 0;
  for (const auto &e : fs::directory_iterator(dir.path()))
    files += e.path().filename() != "message.txt";
  EXPECT_EQ(files, 1u);
}

} // namespace
} // namespace xcc::rt
