//===- isolate_test.cpp - Crash isolation of the HDF5 parse ---------------===//
//
// A real libhdf5 crash cannot be provoked on demand, so the isolation layer
// is driven directly with work that crashes, hangs or exits.
//
//===----------------------------------------------------------------------===//
#include "isolate.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

using namespace xcc::weights;
using namespace xcc::weights::detail;

namespace {

std::string isolatedError(int timeout, const std::function<WeightFile()> &work) {
  try {
    runIsolated("model.h5", "libhdf5", timeout, work);
  } catch (const WeightsError &e) {
    EXPECT_EQ(e.file(), "model.h5");
    return e.what();
  }
  ADD_FAILURE() << "no WeightsError";
  return "";
}

} // namespace

TEST(Isolate, SegfaultBecomesWeightsError) {
  std::string msg = isolatedError(30, []() -> WeightFile {
    std::raise(SIGSEGV);
    return {};
  });
  EXPECT_NE(msg.find("libhdf5 crashed while reading model.h5"), std::string::npos) << msg;
  // Sanitizers catch the signal themselves and exit(1) instead.
  EXPECT_TRUE(msg.find("signal 11") != std::string::npos ||
              msg.find("exit code 1") != std::string::npos)
      << msg;
}

TEST(Isolate, AbortBecomesWeightsError) {
  std::string msg = isolatedError(30, []() -> WeightFile { std::abort(); });
  EXPECT_NE(msg.find("crashed while reading model.h5"), std::string::npos) << msg;
}

TEST(Isolate, HangIsKilledAfterTheTimeout) {
  std::string msg = isolatedError(1, []() -> WeightFile {
    sleep(60);
    return {};
  });
  EXPECT_NE(msg.find("did not finish reading model.h5 within 1 s"), std::string::npos) << msg;
}

TEST(Isolate, ExitWithoutResult) {
  std::string msg = isolatedError(30, []() -> WeightFile { _exit(5); });
  EXPECT_NE(msg.find("crashed while reading model.h5 (reader process ended without a "
                     "result, exit code 5)"),
            std::string::npos)
      << msg;
}

TEST(Isolate, WeightsErrorPassesThroughUnchanged) {
  try {
    runIsolated("a.h5", "libhdf5", 30,
                []() -> WeightFile { throw WeightsError("a.h5[inner]", "bad thing"); });
    FAIL();
  } catch (const WeightsError &e) {
    EXPECT_EQ(e.file(), "a.h5[inner]");
    EXPECT_EQ(e.reason(), "bad thing");
  }
}

TEST(Isolate, ResultRoundTripsThroughThePipe) {
  WeightFile in;
  in.sourcePath = "x.h5";
  in.format = Format::Keras3WeightsH5;
  in.layerOrder = {"a", "b"};
  // Bigger than a pipe buffer, so parent and child must stream.
  Tensor big{{512, 1024}, std::vector<float>(512 * 1024)};
  for (size_t i = 0; i < big.data.size(); ++i)
    big.data[i] = float(i) * 0.5f;
  in.weights.push_back({"layers/a/vars/0", "a", "0", big});
  in.weights.push_back({"s", "b", "1", {{}, {3.5f}}});
  in.missing.push_back({"c/k", "c", "k", {1, 2}, "gone"});
  in.modelConfigJson = "{\"x\":1}";
  in.skipped = {"optimizer"};
  WeightFile out = runIsolated("x.h5", "libhdf5", 30, [&] { return in; });
  EXPECT_EQ(out.sourcePath, in.sourcePath);
  EXPECT_EQ(out.format, in.format);
  EXPECT_EQ(out.layerOrder, in.layerOrder);
  ASSERT_EQ(out.weights.size(), 2u);
  EXPECT_EQ(out.weights[0].value.shape, big.shape);
  EXPECT_EQ(out.weights[0].value.data, big.data);
  EXPECT_EQ(out.weights[1].value.shape, std::vector<int64_t>{});
  EXPECT_EQ(out.weights[1].weight, "1");
  ASSERT_EQ(out.missing.size(), 1u);
  EXPECT_EQ(out.missing[0].reason, "gone");
  EXPECT_EQ(out.missing[0].shape, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(out.modelConfigJson, in.modelConfigJson);
  EXPECT_EQ(out.skipped, in.skipped);
}

TEST(Isolate, TruncatedWireDataIsRejected) {
  WeightFile in;
  in.weights.push_back({"p", "l", "w", {{2}, {1, 2}}});
  std::vector<uint8_t> bytes = serializeWeightFile(in);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    std::vector<uint8_t> part(bytes.begin(), bytes.begin() + long(cut));
    EXPECT_THROW(deserializeWeightFile(part, 0), std::runtime_error) << cut;
  }
  EXPECT_EQ(deserializeWeightFile(bytes, 0).weights[0].value.data,
            (std::vector<float>{1, 2}));
}

namespace {

// A reader whose caller is killed (kill -9 of xcc or fit) dies with it instead of spinning on unsupervised.
TEST(Isolate, ReaderDiesWithItsParent) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t parent = ::fork();
  if (parent == 0) {
    ::close(fds[0]);
    try {
      xcc::weights::detail::runIsolated("spin.h5", "libhdf5", 600, [&]() -> xcc::weights::WeightFile {
        pid_t self = ::getpid();
        ssize_t n = ::write(fds[1], &self, sizeof self);
        (void)n;
        for (;;)
          ::pause();
      });
    } catch (...) {
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  pid_t reader = 0;
  ASSERT_EQ(::read(fds[0], &reader, sizeof reader), ssize_t(sizeof reader));
  ::close(fds[0]);
  ::kill(parent, SIGKILL);
  ::waitpid(parent, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) { // up to 2 s
    gone = ::kill(reader, 0) != 0;
    if (!gone)
      ::usleep(10000);
  }
  if (!gone)
    ::kill(reader, SIGKILL);
  EXPECT_TRUE(gone) << "the reader outlived its parent";
}

} // namespace
