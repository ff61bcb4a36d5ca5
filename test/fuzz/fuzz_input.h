// What every fuzz target shares: the input as a file (the readers take paths, as users give them) in a folder of
// this process's own, and the rule that a clean error is fine and anything else (a crash, a leak, undefined
// behaviour, a hang) is a finding.
#ifndef XCC_TEST_FUZZ_FUZZ_INPUT_H
#define XCC_TEST_FUZZ_FUZZ_INPUT_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace xcc::fuzz {

/// Writes `data` to `<tmp>/xcc-fuzz-<pid>/<name>` and returns the path.
inline std::string asFile(const uint8_t *data, size_t size, const std::string &name) {
  static const std::filesystem::path dir = [] {
    std::filesystem::path d = std::filesystem::temp_directory_path() / ("xcc-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const std::string path = (dir / name).string();
  if (FILE *f = std::fopen(path.c_str(), "wb")) {
    if (size)
      std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  return path;
}

} // namespace xcc::fuzz

#endif // XCC_TEST_FUZZ_FUZZ_INPUT_H
