// A cache of compiled libraries, keyed by everything that determines them, so that compiling the same phase of
// the same graph again (a rerun, a clean build, a second project) costs no code generation. An entry is a folder
// named by its key holding the files and a checksum list; it is written under a temporary name and renamed into
// place, so a killed compile leaves no entry a later one would use, and an entry whose files do not match their
// checksums is ignored and rebuilt, never trusted. A cache folder that cannot be read or written costs a warning,
// never the compile.
#ifndef XCC_SUPPORT_COMPILECACHE_H
#define XCC_SUPPORT_COMPILECACHE_H

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace xcc {

/// Incremental FNV-1a 64 over everything that goes into a key.
class KeyHasher {
public:
  KeyHasher &add(const void *data, size_t size);
  KeyHasher &add(const std::string &text);
  std::string hex() const;

private:
  uint64_t h = 1469598103934665603ull;
};

/// The identity of this xcc build: its executable's bytes (Codegen adds the Halide version it compiles with).
std::string compilerIdentity();

class CompileCache {
public:
  /// `folder` empty: off. Otherwise created when missing.
  explicit CompileCache(std::filesystem::path folder) : folder(std::move(folder)) {}

  /// The default folder: $XCC_CACHE_DIR, else $XDG_CACHE_HOME/xcc, else ~/.cache/xcc; empty when none is known.
  static std::filesystem::path defaultFolder();

  bool enabled() const { return !folder.empty(); }

  /// Copies entry `key`'s files into `dest` when the entry is whole; false (with a warning for a damaged one)
  /// otherwise.
  bool fetch(const std::string &key, const std::filesystem::path &dest, const std::vector<std::string> &files) const;
  /// Stores `files` (in `src`) as entry `key`; a failure is a warning.
  void store(const std::string &key, const std::filesystem::path &src, const std::vector<std::string> &files) const;

private:
  /// Removes the least recently used entries beyond XCC_CACHE_MAX_MB (default 2048) in all.
  void trim() const;

  std::filesystem::path folder;
};

} // namespace xcc

#endif // XCC_SUPPORT_COMPILECACHE_H
