#include "Support/StagingDir.h"

#include <fstream>
#include <sstream>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <signal.h>
#include <stdexcept>
#include <unistd.h>

namespace fs = std::filesystem;

namespace xcc {

bool readFile(const fs::path &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return bool(in) || in.eof();
}

StagingDir::StagingDir(const fs::path &destination) : dest(destination) {
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec)
    throw std::runtime_error("cannot create output folder '" + dest.string() + "': " + ec.message());
  removeAbandoned();
  staging = dest / (".xcc-staging-" + std::to_string(::getpid()));
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec) || ec)
    throw std::runtime_error("cannot create '" + staging.string() + "': " + ec.message());
}

void StagingDir::removeAbandoned() const {
  const std::string prefix = ".xcc-staging-";
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dest, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0)
      continue;
    char *end = nullptr;
    long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    // Only a folder whose compile is gone: another live compile into the same folder keeps its own.
    if (*end == '\0' && pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
      fs::remove_all(entry.path(), ec);
  }
}

namespace {
/// Inside the staging folder, so that it goes with it, and never committed.
const char *const kScratch = ".scratch";
} // namespace

fs::path StagingDir::scratch(const std::string &file) const {
  std::error_code ec;
  fs::create_directory(staging / kScratch, ec);
  return staging / kScratch / file;
}

StagingDir::~StagingDir() {
  std::error_code ec;
  fs::remove_all(staging, ec);
}

void StagingDir::write(const std::string &file, const std::string &text) const {
  fs::path p = path(file);
  FILE *f = std::fopen(p.c_str(), "wb");
  bool ok = f && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  int err = errno;
  if (f && std::fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok)
    throw std::runtime_error("cannot write '" + (dest / file).string() + "': " + std::strerror(err));
}

std::vector<fs::path> StagingDir::commit() {
  // Check every destination before moving any file: renaming stops at the first failure, and the files moved
  // before it would be a partial output. A folder in the way is the failure that can be detected up front.
  std::vector<fs::path> staged;
  for (const auto &entry : fs::directory_iterator(staging)) {
    if (entry.path().filename() == kScratch)
      continue;
    fs::path target = dest / entry.path().filename();
    std::error_code ec;
    if (fs::symlink_status(target, ec).type() == fs::file_type::directory)
      throw std::runtime_error("cannot move output into '" + target.string() +
                               "': a folder of that name is in the way");
    staged.push_back(entry.path());
  }
  std::vector<fs::path> written;
  for (const fs::path &file : staged) {
    fs::path target = dest / file.filename();
    std::error_code ec;
    fs::rename(file, target, ec);
    if (ec)
      throw std::runtime_error("cannot move output into '" + target.string() + "': " + ec.message());
    written.push_back(target);
  }
  return written;
}

} // namespace xcc
