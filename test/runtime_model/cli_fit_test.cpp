// `<model>-cli fit` as a user runs it, on real JPEGs: a fit killed in the middle of an epoch leaves an intact
// checkpoint of the epochs before, refuses to be silently overwritten, and resumes to exactly the weights an
// uninterrupted run reaches.
#include "xcc/runtime/checkpoint.h"

#include "cli_harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

namespace fs = std::filesystem;

namespace xcc::rt {
namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

/// Runs the CLI with stdout+stderr on a pipe; with `killAt`, sends `signal` as soon as that text has appeared
/// (SIGKILL: and stops reading; another signal: reads on to the end).
CliRun runCli(const std::vector<std::string> &args, std::string killAt = "", int signal = SIGKILL) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  pid_t child = ::fork();
  if (child == 0) {
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::close(fds[0]);
    std::vector<char *> argv = {const_cast<char *>(XCC_MODEL_CLI)};
    for (const std::string &a : args)
      argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(XCC_MODEL_CLI, argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  CliRun run;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) {
    run.out.append(buf, size_t(n));
    if (!killAt.empty() && run.out.find(killAt) != std::string::npos) {
      ::kill(child, signal);
      if (signal == SIGKILL)
        break;
      killAt.clear();
    }
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return run;
}

/// 300 real photos per class: decoding them takes long enough that the kill lands inside an epoch.
struct PhotoFolder : test::PhotoFolder {
  PhotoFolder() : test::PhotoFolder("xcc-fit-data", 300) {}
};

std::vector<std::string> fitArgs(const PhotoFolder &f, const std::string &output) {
  return {"fit", "--data", f.path("data"), "--validation-split", "0.25", "--epochs", "3", "--batch-size", "16",
          "--image-cache-mb", "0", "--augment", "flip=horizontal", "--seed", "9", "--output", f.path(output)};
}

std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CliFit, KilledMidEpochResumesToTheUninterruptedResult) {
  PhotoFolder f;
  CliRun killed = runCli(fitArgs(f, "run"), "Epoch 2/3");
  ASSERT_EQ(killed.status, -SIGKILL) << killed.out;
  const std::string ckpt = f.path("run/checkpoint.xcc");
  Checkpoint afterKill = readCheckpoint(ckpt); // intact: the checksum is verified
  EXPECT_EQ(afterKill.epochsDone, 1);

  // Running again without --resume would start over and overwrite: refused, nothing touched.
  std::string before = readText(ckpt);
  CliRun again = runCli(fitArgs(f, "run"));
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.out.find("exists from an earlier fit: pass --resume"), std::string::npos) << again.out;
  EXPECT_EQ(readText(ckpt), before);
  // A temporary the kill left behind (it may land inside a write) is gone once fit runs again.
  for (const auto &e : fs::directory_iterator(f.path("run")))
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();

  std::vector<std::string> resume = fitArgs(f, "run");
  resume.push_back("--resume");
  CliRun resumed = runCli(resume);
  ASSERT_EQ(resumed.status, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("Resuming from '" + ckpt + "': 1 epochs done"), std::string::npos) << resumed.out;
  EXPECT_EQ(resumed.out.find("Epoch 1/3"), std::string::npos) << resumed.out;
  std::string csv = readText(f.path("run/history.csv"));
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4) << csv; // header + 3 epochs
  EXPECT_TRUE(fs::exists(f.path("run/history.json")));
  EXPECT_TRUE(fs::exists(f.path("run/learning_curves.svg")));

  // Into a folder whose parent does not exist yet: fit creates both, as `mkdir -p`.
  CliRun straight = runCli(fitArgs(f, "runs/straight"));
  ASSERT_EQ(straight.status, 0) << straight.out;
  Checkpoint a = readCheckpoint(ckpt), b = readCheckpoint(f.path("runs/straight/checkpoint.xcc"));
  EXPECT_EQ(a.epochsDone, 3);
  EXPECT_EQ(a.iterations, b.iterations);
  for (size_t i = 0; i < a.parameters.size(); ++i)
    EXPECT_EQ(a.parameters[i].values, b.parameters[i].values) << a.parameters[i].layer;
}

// Ctrl-C stops at a step boundary with a resumable checkpoint, the history so far and the plot, says so, and
// exits 130; the resumed run ends where an uninterrupted one does.
TEST(CliFit, InterruptedFitSavesItsStateAndResumesToTheUninterruptedResult) {
  PhotoFolder f;
  CliRun stopped = runCli(fitArgs(f, "run"), "Epoch 2/3", SIGINT);
  ASSERT_EQ(stopped.status, 130) << stopped.out;
  EXPECT_NE(stopped.out.find("Stopped by SIGINT after "), std::string::npos) << stopped.out;
  EXPECT_NE(stopped.out.find("--resume continues from it"), std::string::npos) << stopped.out;
  EXPECT_TRUE(fs::exists(f.path("run/learning_curves.svg")));
  EXPECT_TRUE(fs::exists(f.path("run/history.json")));
  Checkpoint c = readCheckpoint(f.path("run/checkpoint.xcc"));
  EXPECT_GE(c.epochsDone, 1);

  // Resuming with a batch size that would change the result is refused, naming it.
  std::vector<std::string> other = fitArgs(f, "run");
  *(std::find(other.begin(), other.end(), "--batch-size") + 1) = "8";
  other.push_back("--resume");
  CliRun refused = runCli(other);
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.out.find("with other --batch-size: '16' when the run started, '8' now"), std::string::npos)
      << refused.out;
  // So is one that would accumulate gradients where the run did not.
  std::vector<std::string> accumulate = fitArgs(f, "run");
  accumulate.insert(accumulate.end(), {"--accumulate-steps", "2", "--resume"});
  CliRun refusedK = runCli(accumulate);
  EXPECT_EQ(refusedK.status, 1);
  EXPECT_NE(refusedK.out.find("with other --accumulate-steps: not given when the run started, '2' now"),
            std::string::npos) << refusedK.out;

  std::vector<std::string> resume = fitArgs(f, "run");
  resume.push_back("--resume");
  ASSERT_EQ(runCli(resume).status, 0);
  CliRun straight = runCli(fitArgs(f, "straight"));
  ASSERT_EQ(straight.status, 0) << straight.out;
  Checkpoint a = readCheckpoint(f.path("run/checkpoint.xcc")), b = readCheckpoint(f.path("straight/checkpoint.xcc"));
  EXPECT_EQ(a.iterations, b.iterations);
  for (size_t i = 0; i < a.parameters.size(); ++i)
    EXPECT_EQ(a.parameters[i].values, b.parameters[i].values) << a.parameters[i].layer;
  EXPECT_EQ(readText(f.path("run/history.csv")), readText(f.path("straight/history.csv")));
}

TEST(CliFit, ClearErrorsForBadDataFolders) {
  PhotoFolder f;
  fs::create_directories(f.root / "one" / "cats");
  fs::create_symlink(*fs::directory_iterator(f.root / "data" / "cats"), f.root / "one" / "cats" / "a.jpg");
  CliRun one = runCli({"fit", "--data", f.path("one"), "--output", f.path("o1")});
  EXPECT_EQ(one.status, 1);
  EXPECT_NE(one.out.find("class"), std::string::npos) << one.out;
  CliRun missing = runCli({"fit", "--data", f.path("nowhere"), "--output", f.path("o2")});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.out.find(f.path("nowhere")), std::string::npos) << missing.out;
  CliRun usage = runCli({"fit"});
  EXPECT_EQ(usage.status, 2);
  EXPECT_NE(usage.out.find("fit needs --data DIR"), std::string::npos) << usage.out;
}

} // namespace
} // namespace xcc::rt
