// Writes a compiler's outputs into a private folder and moves them into place only when all succeeded, so a
// failed compile never leaves partial files behind.
#ifndef XCC_SUPPORT_STAGINGDIR_H
#define XCC_SUPPORT_STAGINGDIR_H

#include <filesystem>
#include <string>
#include <vector>

namespace xcc {

/// The whole of file `path` in `out`; false when it cannot be read.
bool readFile(const std::filesystem::path &path, std::string &out);

class StagingDir {
public:
  /// Creates `<dest>/.xcc-staging-<pid>` (and `dest`), removing abandoned ones; throws std::runtime_error with the
  /// reason on failure.
  explicit StagingDir(const std::filesystem::path &dest);
  ~StagingDir();
  StagingDir(const StagingDir &) = delete;
  StagingDir &operator=(const StagingDir &) = delete;

  /// Path for `file` inside the staging folder.
  std::filesystem::path path(const std::string &file) const { return staging / file; }
  /// Path for an intermediate `file` (objects, fragments) that commit() leaves behind.
  std::filesystem::path scratch(const std::string &file) const;
  /// Writes `text` to staged `file`; throws with the file name and reason (e.g. disk full) on failure.
  void write(const std::string &file, const std::string &text) const;
  /// Renames every staged file into the destination (rename is atomic per file on one file system).
  std::vector<std::filesystem::path> commit();

private:
  /// Removes staging folders of compiles that were killed before their destructor ran (their pid is gone).
  void removeAbandoned() const;

  std::filesystem::path dest, staging;
};

} // namespace xcc

#endif // XCC_SUPPORT_STAGINGDIR_H
