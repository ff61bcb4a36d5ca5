// The model CLI against hostile data and a full disk (issue 21): a FIFO and a zero-width BMP among the photos, an
// export that cannot be written. Each ends with a clear message and the right exit status: no hang, no
// std::terminate, no crash at exit.
#include "cli_harness.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace xcc::rt {
namespace {

bool has(const std::string &text, const std::string &part) { return text.find(part) != std::string::npos; }

/// Runs `shell` (with the CLI as "$CLI") under bash with a time limit; the exit status, -signal if killed.
int runShell(const std::string &shell, const std::string &log) {
  std::string command = "CLI='" + std::string(XCC_MODEL_CLI) + "' timeout -s KILL 120 bash -c '" + shell + "' > '" +
                        log + "' 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string readText(const std::string &path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(ModelCliHostile, FifoAndEmptyBmpAmongThePhotosAreSkippedNotFatal) {
  test::PhotoFolder f("xcc-hostile-data", 3);
  ASSERT_EQ(::mkfifo(f.path("data/cats/pipe.jpg").c_str(), 0600), 0);
  // 54 bytes: a BITMAPINFOHEADER that declares a 0x0 image.
  std::ofstream bmp(f.path("data/dogs/empty.bmp"), std::ios::binary);
  unsigned char header[54] = {'B', 'M', 54, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0};
  header[26] = 1, header[28] = 24;
  bmp.write(reinterpret_cast<const char *>(header), sizeof header);
  bmp.close();
  const std::string log = f.path("fit.log");
  int status = runShell("exec \"$CLI\" fit --data " + f.path("data") + " --batch-size 2 --output " + f.path("run"), log);
  std::string out = readText(log);
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(has(out, "Left out 1 file that is not regular")) << out;
  EXPECT_TRUE(has(out, "empty.bmp: the header declares no pixels (0x0)")) << out;
}

TEST(ModelCliHostile, AnExportThatCannotBeWrittenFailsCleanly) {
  test::PhotoFolder f("xcc-hostile-export", 3);
  const std::string log = f.path("fit.log");
  // A file-size limit with SIGXFSZ ignored: writes fail with an error, as on a full disk.
  int status = runShell("trap \"\" XFSZ; ulimit -f 20; exec \"$CLI\" fit --data " + f.path("data") +
                            " --batch-size 2 --output " + f.path("run") + " --export " + f.path("w.weights.h5"),
                        log);
  std::string out = readText(log);
  EXPECT_EQ(status, 1) << out; // not 139: libhdf5 no longer crashes at exit
  EXPECT_TRUE(has(out, "cannot export weights to '" + f.path("w.weights.h5") + "'")) << out;
  EXPECT_TRUE(has(out, "File too large")) << out;
  for (const auto &e : fs::directory_iterator(f.root))
    EXPECT_FALSE(has(e.path().filename().string(), "w.weights.h5")) << e.path();
}

} // namespace
} // namespace xcc::rt
