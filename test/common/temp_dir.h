// A temporary folder for one test, shared by every test folder (test/common: link xcc_test_common).
#ifndef XCC_TEST_COMMON_TEMP_DIR_H
#define XCC_TEST_COMMON_TEMP_DIR_H

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace xcc::test {

/// A fresh folder under the system temp dir, removed with its contents on destruction. Its name is
/// `<tag>-XXXXXX`, made unique by mkdtemp, so tests that run at the same time (ctest -j) never share one.
class TempDir {
public:
  explicit TempDir(const std::string &tag = "xcc-test") {
    std::string name = (std::filesystem::temp_directory_path() / (tag + "-XXXXXX")).string();
    if (!::mkdtemp(name.data()))
      throw std::runtime_error("cannot create a temporary folder like " + name);
    path_ = name;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::string str() const { return path_.string(); }
  /// path()/name, as the string file APIs take.
  std::string file(const std::string &name) const { return (path_ / name).string(); }
  /// Creates parent folders and writes `bytes` to path()/rel.
  void write(const std::string &rel, const std::vector<uint8_t> &bytes = {}) const {
    std::filesystem::path p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out)
      throw std::runtime_error("cannot write " + p.string());
  }
  /// The names directly inside the folder: what a test that must leave no stray file checks.
  std::set<std::string> entries() const {
    std::set<std::string> names;
    for (const auto &e : std::filesystem::directory_iterator(path_))
      names.insert(e.path().filename().string());
    return names;
  }

private:
  std::filesystem::path path_;
};

} // namespace xcc::test

#endif // XCC_TEST_COMMON_TEMP_DIR_H
