#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <regex>
#include <signal.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace xcc::rt {
namespace {

[[noreturn]] void fail(const std::string &path, const std::string &what, int err) {
  throw RuntimeError("cannot write '" + path + "': " + what + ": " + std::strerror(err));
}

std::string folderOf(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// A temporary name next to `path` (same file system, so rename is atomic), unique per process and call.
std::string temporaryName(const std::string &path) {
  static int counter = 0;
  return path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(++counter);
}

void fsyncFile(const std::string &path, const std::string &target) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    fail(target, "cannot reopen the temporary file", errno);
  int rc = ::fsync(fd), err = errno;
  ::close(fd);
  if (rc != 0)
    fail(target, "fsync", err);
}

/// Makes the rename durable; file systems that cannot fsync a folder (EINVAL) are not an error.
void fsyncFolder(const std::string &path) {
  int fd = ::open(folderOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return;
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
    int err = errno;
    ::close(fd);
    fail(path, "fsync of the folder", err);
  }
  ::close(fd);
}

void commit(const std::string &temp, const std::string &path) {
  fsyncFile(temp, path);
  if (::rename(temp.c_str(), path.c_str()) != 0)
    fail(path, "rename", errno);
  fsyncFolder(path);
}

} // namespace

void replaceFileAtomically(const std::string &path, const std::function<void(const std::string &)> &write) {
  const std::string temp = temporaryName(path);
  try {
    write(temp);
    commit(temp, path);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

void writeFileAtomically(const std::string &path, std::string_view bytes) {
  replaceFileAtomically(path, [&](const std::string &temp) {
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
      fail(path, "cannot create '" + temp + "'", errno);
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        int err = n < 0 ? errno : ENOSPC;
        ::close(fd);
        fail(path, "write", err);
      }
      done += size_t(n);
    }
    if (::close(fd) != 0)
      fail(path, "close", errno);
  });
}

bool fileExists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError("cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad())
    throw RuntimeError("cannot read '" + path + "': read error");
  return s.str();
}

size_t removeStaleTemporaries(const std::string &folder) {
  static const std::regex kTemporary(R"(.*\.tmp\.([0-9]+)\.[0-9]+)");
  size_t removed = 0;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator(folder, ec)) {
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, m, kTemporary))
      continue;
    const pid_t pid = pid_t(std::stoll(m[1]));
    if (pid == getpid() || (::kill(pid, 0) != 0 && errno == ESRCH))
      removed += std::filesystem::remove(entry.path(), ec);
  }
  return removed;
}

} // namespace xcc::rt
