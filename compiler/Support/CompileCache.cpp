#include "Support/CompileCache.h"
#include "Support/StagingDir.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace xcc {
namespace {

/// The list an entry keeps of its files: "name<TAB>checksum" per line.
const char *const kChecksums = "checksums";

std::string checksum(const std::string &bytes) { return KeyHasher().add(bytes).hex(); }

void warn(const std::string &message) { std::cerr << "xcc: warning: compile cache: " << message << "\n"; }

} // namespace

KeyHasher &KeyHasher::add(const void *data, size_t size) {
  const auto *p = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i)
    h = (h ^ p[i]) * 1099511628211ull;
  // The length too, so that ("ab", "c") and ("a", "bc") differ.
  uint64_t n = size;
  for (int i = 0; i < 8; ++i)
    h = (h ^ ((n >> (8 * i)) & 0xff)) * 1099511628211ull;
  return *this;
}

KeyHasher &KeyHasher::add(const std::string &text) { return add(text.data(), text.size()); }

std::string KeyHasher::hex() const {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

std::string compilerIdentity() {
  static const std::string identity = [] {
    std::string exe;
    KeyHasher hasher;
    if (readFile("/proc/self/exe", exe))
      hasher.add(exe);
    else
      hasher.add(std::string(__DATE__ " " __TIME__)); // no executable to read: never shared between builds
    return hasher.hex();
  }();
  return identity;
}

fs::path CompileCache::defaultFolder() {
  if (const char *dir = std::getenv("XCC_CACHE_DIR"); dir && *dir)
    return dir;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return fs::path(xdg) / "xcc";
  if (const char *home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache" / "xcc";
  return {};
}

void CompileCache::trim() const {
  uint64_t limit = 2048;
  if (const char *mb = std::getenv("XCC_CACHE_MAX_MB"); mb && *mb)
    limit = std::strtoull(mb, nullptr, 10);
  limit <<= 20;
  struct Entry {
    fs::file_time_type used;
    uint64_t bytes;
    fs::path path;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (const auto &dir : fs::directory_iterator(folder, ec)) {
    std::string name = dir.path().filename().string();
    if (name.rfind(".partial-", 0) == 0) { // a killed compile's: its pid is gone
      long pid = std::strtol(name.c_str() + name.rfind('-') + 1, nullptr, 10);
      if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
        fs::remove_all(dir.path(), ec);
      continue;
    }
    Entry e{fs::last_write_time(dir.path() / kChecksums, ec), 0, dir.path()};
    if (ec) // not an entry of ours
      continue;
    for (const auto &file : fs::directory_iterator(dir.path(), ec))
      e.bytes += file.is_regular_file(ec) ? file.file_size(ec) : 0;
    total += e.bytes;
    entries.push_back(std::move(e));
  }
  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (size_t i = 0; i + 1 < entries.size() && total > limit; ++i) { // never the newest: the one just stored
    fs::remove_all(entries[i].path, ec);
    total -= entries[i].bytes;
  }
}

bool CompileCache::fetch(const std::string &key, const fs::path &dest, const std::vector<std::string> &files) const {
  if (!enabled())
    return false;
  fs::path entry = folder / key;
  std::string list;
  if (!readFile(entry / kChecksums, list))
    return false;
  std::istringstream lines(list);
  std::string line;
  size_t found = 0;
  while (std::getline(lines, line)) {
    size_t tab = line.find('\t');
    std::string name = line.substr(0, tab), bytes;
    if (tab == std::string::npos || !readFile(entry / name, bytes) || checksum(bytes) != line.substr(tab + 1)) {
      warn("entry '" + entry.string() + "' is damaged ('" + name + "'); compiling anew");
      return false;
    }
    std::ofstream out(dest / name, std::ios::binary);
    if (!(out << bytes) || !out.flush())
      throw std::runtime_error("cannot write '" + (dest / name).string() + "'");
    ++found;
  }
  std::error_code ec;
  fs::last_write_time(entry / kChecksums, fs::file_time_type::clock::now(), ec); // recently used: kept by trim()
  if (found != files.size()) {
    warn("entry '" + entry.string() + "' lists other files than this compile makes; compiling anew");
    return false;
  }
  return true;
}

void CompileCache::store(const std::string &key, const fs::path &src, const std::vector<std::string> &files) const {
  if (!enabled())
    return;
  std::error_code ec;
  fs::path entry = folder / key, partial = folder / (".partial-" + key + "-" + std::to_string(::getpid()));
  fs::create_directories(partial, ec);
  std::string list;
  for (const std::string &name : files) {
    std::string bytes;
    if (!ec && !readFile(src / name, bytes))
      ec = std::make_error_code(std::errc::io_error);
    if (ec)
      break;
    std::ofstream out(partial / name, std::ios::binary);
    if (!(out << bytes) || !out.flush())
      ec = std::make_error_code(std::errc::no_space_on_device);
    list += name + "\t" + checksum(bytes) + "\n";
  }
  if (!ec) {
    std::ofstream out(partial / kChecksums, std::ios::binary);
    if (!(out << list) || !out.flush())
      ec = std::make_error_code(std::errc::no_space_on_device);
  }
  if (!ec) {
    fs::remove_all(entry, ec); // a damaged entry of the same key
    fs::rename(partial, entry, ec);
  }
  if (!ec)
    trim();
  if (ec) {
    if (!fs::exists(entry / kChecksums)) // not when a compile beside this one stored the same entry
      warn("cannot store in '" + folder.string() + "' (" + ec.message() + "); the compile itself succeeded");
    fs::remove_all(partial, ec);
  }
}

} // namespace xcc
