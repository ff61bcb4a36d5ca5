// What the tests of `<name>-cli` (XCC_MODEL_CLI, built by xcc_add_model) share: running it as a user does, and
// folders of real photos from the shared cats/dogs set (XCC_SHARED_DATA_DIR). Missing photos fail the test, never
// skip it: these are the only end-to-end checks of the CLI on real JPEGs.
#ifndef XCC_TEST_RUNTIME_MODEL_CLI_HARNESS_H
#define XCC_TEST_RUNTIME_MODEL_CLI_HARNESS_H

#include "temp_dir.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace xcc::rt::test {

struct CliResult {
  int status;
  std::string out, err;
};

/// Runs the model's CLI with `args` (shell words, quoted by the caller). stdout and stderr come back separately,
/// or with `mergeStderr` interleaved in `out` as a terminal shows them (2>&1).
inline CliResult runModelCli(const std::string &args, bool mergeStderr = false) {
  namespace fs = std::filesystem;
  fs::path errFile = fs::temp_directory_path() / ("xcc-cli-stderr-" + std::to_string(::getpid()));
  std::string command = std::string("'") + XCC_MODEL_CLI + "' " + args +
                        (mergeStderr ? " 2>&1" : " 2> '" + errFile.string() + "'");
  FILE *pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe))
    out.append(buf, n);
  int status = ::pclose(pipe);
  std::stringstream err;
  if (!mergeStderr) {
    std::ifstream f(errFile);
    err << f.rdbuf();
    fs::remove(errFile);
  }
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, err.str()};
}

/// The first `n` JPEGs (by file name) of the shared set's class folder `cls` ("cats" or "dogs").
inline std::vector<std::filesystem::path> sharedPhotos(const std::string &cls, size_t n) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(XCC_SHARED_DATA_DIR) / "cats_vs_dogs" / cls;
  if (!fs::is_directory(dir))
    throw std::runtime_error("missing test data folder '" + dir.string() +
                             "' (set XCC_SHARED_DATA_DIR when configuring)");
  std::vector<fs::path> files;
  for (const auto &e : fs::directory_iterator(dir))
    if (e.path().extension() == ".jpg")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.size() < n)
    throw std::runtime_error("'" + dir.string() + "' has fewer than " + std::to_string(n) + " JPEGs");
  files.resize(n);
  return files;
}

/// A temporary folder (removed afterwards, named after `tag`) whose data/cats and data/dogs hold symlinks to the
/// first `perClass` shared photos of each class.
struct PhotoFolder {
  ::xcc::test::TempDir dir;
  const std::filesystem::path &root = dir.path();
  PhotoFolder(const std::string &tag, size_t perClass) : dir(tag) {
    for (const char *cls : {"cats", "dogs"}) {
      std::filesystem::create_directories(root / "data" / cls);
      for (const auto &p : sharedPhotos(cls, perClass))
        std::filesystem::create_symlink(p, root / "data" / cls / p.filename());
    }
  }
  std::string path(const std::string &rel) const { return (root / rel).string(); }
};

} // namespace xcc::rt::test

#endif // XCC_TEST_RUNTIME_MODEL_CLI_HARNESS_H
