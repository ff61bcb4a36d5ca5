//===- directory_index.cpp - Keras-ordered directory walk -----------------===//
//
// Python sorts str by code point; for UTF-8 file names that is the same as
// std::string's byte order (char_traits<char> compares as unsigned char), so
// plain std::sort reproduces it.
//
//===----------------------------------------------------------------------===//

#include "directory_index.h"
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <system_error>
#include <utility>

namespace fs = std::filesystem;

namespace xcc::rt {

const std::vector<std::string> &allowedImageExtensions() {
  static const std::vector<std::string> exts = {".bmp", ".gif", ".jpeg",
                                                ".jpg", ".png"};
  return exts;
}

namespace detail {
namespace {

struct WalkedDir {
  std::string relRoot; // "" for the top directory itself
  std::vector<std::string> files;
};

// os.walk semantics: is_dir() follows symlinks (a symlinked directory is
// never listed as a file), but without followlinks it is not descended into.
// os.walk skips unreadable directories silently; here they are an error.
void walk(const fs::path &dir, const std::string &relRoot, bool followLinks,
          std::vector<WalkedDir> &out, std::vector<std::string> &special) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  auto unreadable = [&] {
    return DatasetError(fmt::format("cannot read the folder '{}': {}", dir.string(), ec.message()));
  };
  if (ec)
    throw unreadable();
  WalkedDir here{relRoot, {}};
  std::vector<std::pair<fs::path, std::string>> subdirs;
  for (; it != end; it.increment(ec)) {
    if (ec)
      throw unreadable();
    const std::string name = it->path().filename().string();
    std::error_code typeEc;
    if (!it->is_directory(typeEc)) {
      // is_regular_file follows links, and reads nothing from the file.
      if (it->is_regular_file(typeEc) || !hasAllowedExtension(name))
        here.files.push_back(name);
      else
        special.push_back(joinPath(relRoot, name));
      continue;
    }
    if (followLinks || !it->is_symlink(typeEc))
      subdirs.emplace_back(it->path(), joinPath(relRoot, name));
  }
  out.push_back(std::move(here));
  for (const auto &[path, rel] : subdirs)
    walk(path, rel, followLinks, out, special);
}

} // namespace

std::string joinPath(const std::string &a, const std::string &b) {
  if (!b.empty() && b.front() == '/')
    return b;
  if (a.empty() || a.back() == '/')
    return a + b;
  return a + "/" + b;
}

bool hasAllowedExtension(const std::string &fileName) {
  std::string lower = fileName;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const std::string &ext : allowedImageExtensions())
    if (lower.size() >= ext.size() &&
        lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0)
      return true;
  return false;
}

void requireDirectory(const std::string &directory) {
  std::error_code ec;
  fs::file_status st = fs::status(directory, ec);
  if (!fs::exists(st))
    throw DatasetError(fmt::format(
        "image dataset directory '{}' does not exist", directory));
  if (!fs::is_directory(st))
    throw DatasetError(fmt::format(
        "image dataset path '{}' is not a directory", directory));
}

std::vector<std::string> listClassFolders(const std::string &directory) {
  std::vector<std::string> classes;
  std::error_code ec;
  fs::directory_iterator it(directory, ec), end;
  if (ec)
    throw DatasetError(fmt::format("cannot list image dataset directory "
                                   "'{}': {}",
                                   directory, ec.message()));
  for (; it != end; it.increment(ec)) {
    if (ec)
      break;
    const std::string name = it->path().filename().string();
    std::error_code typeEc;
    if (it->is_directory(typeEc) && name.front() != '.')
      classes.push_back(name);
  }
  std::sort(classes.begin(), classes.end());
  return classes;
}

std::vector<std::string> walkImageFiles(const std::string &top,
                                        bool followLinks,
                                        std::vector<std::string> &special) {
  std::vector<WalkedDir> dirs;
  walk(fs::path(top), "", followLinks, dirs, special);
  // Keras sorts the walk by root path string, which is not depth-first
  // order: "a-b" sorts before "a/b" because '-' < '/'.
  std::sort(dirs.begin(), dirs.end(),
            [](const WalkedDir &x, const WalkedDir &y) {
              return x.relRoot < y.relRoot;
            });
  std::vector<std::string> result;
  for (WalkedDir &dir : dirs) {
    std::sort(dir.files.begin(), dir.files.end());
    for (const std::string &name : dir.files)
      if (hasAllowedExtension(name))
        result.push_back(joinPath(dir.relRoot, name));
  }
  return result;
}

} // namespace detail
} // namespace xcc::rt
