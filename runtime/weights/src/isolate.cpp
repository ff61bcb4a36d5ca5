//===- isolate.cpp - Run a parser in a crash-isolated child ---------------===//
//
// Why a child process: libhdf5 trusts the on-disk structures it walks, and a
// malformed file can make it read wild addresses or abort. Validating before
// each call narrows that, but cannot rule it out, and the compiler and the
// runtime must survive any file a user brings. So the parse runs in a fork()ed
// child that sends the decoded tensors back through a pipe; a crash there
// becomes a WeightsError here. Costs: one fork (copy-on-write, ~ms) and one
// copy of the tensors through the pipe. The parent never initialises libhdf5,
// so no HDF5 lock or state is inherited half-held; glibc makes malloc safe to
// use in the child of a multi-threaded parent.
//
//===----------------------------------------------------------------------===//
#include "isolate.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <sys/prctl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace xcc::weights::detail {

namespace {

// Wire tags: the first byte of what the child sends.
constexpr uint8_t kOk = 'O', kWeightsError = 'E', kOtherError = 'X';

void appendString(std::vector<uint8_t> &out, const std::string &s) {
  uint64_t n = s.size();
  const uint8_t *p = reinterpret_cast<const uint8_t *>(&n);
  out.insert(out.end(), p, p + sizeof n);
  out.insert(out.end(), s.begin(), s.end());
}

std::string takeString(const std::vector<uint8_t> &in, size_t &pos) {
  uint64_t n;
  if (in.size() - pos < sizeof n)
    throw std::runtime_error("truncated");
  std::memcpy(&n, in.data() + pos, sizeof n);
  pos += sizeof n;
  if (n > in.size() - pos)
    throw std::runtime_error("truncated");
  std::string s(in.begin() + long(pos), in.begin() + long(pos + n));
  pos += n;
  return s;
}

bool writeAll(int fd, const uint8_t *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    p += w;
    n -= size_t(w);
  }
  return true;
}

[[noreturn]] void childMain(int fd, const std::function<WeightFile()> &work) {
  // Diagnostics travel through the pipe; a dying libhdf5/glibc must not
  // scribble "free(): invalid pointer" or error stacks over the caller's output.
  int devNull = open("/dev/null", O_WRONLY);
  if (devNull >= 0) {
    dup2(devNull, STDERR_FILENO);
    close(devNull);
  }
  // Message: u64 length of the rest, one tag byte, then the tag's body.
  uint8_t tag = kOk;
  std::vector<uint8_t> body;
  try {
    body = serializeWeightFile(work());
  } catch (const WeightsError &e) {
    tag = kWeightsError;
    body.clear();
    appendString(body, e.file());
    appendString(body, e.reason());
  } catch (const std::exception &e) {
    tag = kOtherError;
    body.clear();
    appendString(body, e.what());
  } catch (...) {
    tag = kOtherError;
    body.clear();
    appendString(body, "unknown exception");
  }
  uint8_t head[9];
  uint64_t len = body.size() + 1;
  std::memcpy(head, &len, 8);
  head[8] = tag;
  if (!writeAll(fd, head, sizeof head) || !writeAll(fd, body.data(), body.size()))
    _exit(3);
  close(fd);
  // _exit: no atexit handlers or static destructors of the parent's image.
  _exit(0);
}

// Reads the child's message (length-prefixed, so the buffer is allocated
// once and filled in place). False on timeout; on EOF `out` holds what came.
bool readMessage(int fd, std::vector<uint8_t> &out, int timeoutSeconds) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(timeoutSeconds);
  uint8_t lenBytes[8];
  size_t have = 0;
  uint64_t want = 0;
  bool haveLength = false;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return false;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, int(std::min<long long>(left.count(), 1 << 30)));
    if (r < 0 && errno == EINTR)
      continue;
    if (r == 0)
      return false;
    uint8_t *dst = haveLength ? out.data() + have : lenBytes + have;
    size_t room = haveLength ? out.size() - have : sizeof lenBytes - have;
    ssize_t n = read(fd, dst, room);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) { // EOF early: keep only what arrived; the caller rejects it
      out.resize(haveLength ? have : 0);
      return true;
    }
    have += size_t(n);
    if (!haveLength && have == sizeof lenBytes) {
      std::memcpy(&want, lenBytes, 8);
      // The child is our own code, but a corrupt length must not make us
      // allocate absurdly: 64 GiB is far beyond any weight file.
      if (want == 0 || want > (uint64_t(1) << 36)) {
        out.clear();
        return true;
      }
      out.resize(size_t(want));
      have = 0;
      haveLength = true;
    } else if (haveLength && have == out.size()) {
      return true;
    }
  }
}

// Waits for the child; returns its wait status, or -1 when it cannot be
// reaped (SIGCHLD ignored by the host process).
int reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return -1;
  }
  return status;
}

} // namespace

WeightFile runIsolated(const std::string &file, const std::string &libraryName,
                       int timeoutSeconds, const std::function<WeightFile()> &work) {
  int fds[2];
  if (pipe(fds) != 0)
    throw WeightsError(file, std::string("cannot create a pipe: ") + std::strerror(errno));
#ifdef F_SETPIPE_SZ
  fcntl(fds[1], F_SETPIPE_SZ, 1 << 20); // fewer wake-ups for big files; best effort
#endif
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    throw WeightsError(file, std::string("cannot fork the reader process: ") +
                                 std::strerror(err));
  }
  if (pid == 0) {
    // The reader must not outlive its parent: a killed xcc or fit would leave a spinning libhdf5 behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) // the parent died before prctl took effect
      _exit(1);
    close(fds[0]);
    childMain(fds[1], work);
  }
  close(fds[1]);
  std::vector<uint8_t> payload;
  bool finished = readMessage(fds[0], payload, timeoutSeconds > 0 ? timeoutSeconds : 1);
  close(fds[0]);
  if (!finished) {
    kill(pid, SIGKILL);
    reap(pid);
    throw WeightsError(file, libraryName + " did not finish reading " + file + " within " +
                                 std::to_string(timeoutSeconds) + " s (killed)");
  }
  int status = reap(pid);
  if (status != -1 && WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    throw WeightsError(file, libraryName + " crashed while reading " + file + " (signal " +
                                 std::to_string(sig) + ", " + strsignal(sig) + ")");
  }
  try {
    if (payload.empty())
      throw std::runtime_error("no result");
    size_t pos = 1;
    switch (payload[0]) {
    case kOk:
      return deserializeWeightFile(payload, 1);
    case kWeightsError: {
      std::string errFile = takeString(payload, pos);
      std::string reason = takeString(payload, pos);
      throw WeightsError(errFile, reason);
    }
    case kOtherError:
      throw WeightsError(file, "error while reading: " + takeString(payload, pos));
    default:
      throw std::runtime_error("bad tag");
    }
  } catch (const WeightsError &) {
    throw;
  } catch (const std::exception &) {
    // No result and no signal: the child died some other way (e.g. a
    // sanitizer or glibc turned the crash into an exit code).
    std::string how = status == -1        ? "status unknown"
                      : WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                          : "abnormal end";
    throw WeightsError(file, libraryName + " crashed while reading " + file +
                                 " (reader process ended without a result, " + how + ")");
  }
}

} // namespace xcc::weights::detail
