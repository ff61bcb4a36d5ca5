#include "Support/ParallelJobs.h"
#include "Support/TimeReport.h"

#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace xcc {
namespace {

/// Writes all of `text` to `fd`, retrying on interruption; a worker has no better place to report a failure.
void writeAll(int fd, const std::string &text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    done += size_t(n);
  }
}

/// One message per line: newlines inside a message would split it.
std::string oneLine(std::string s) {
  for (char &c : s)
    if (c == '\n')
      c = ' ';
  return s;
}

/// The worker's loop: the next job index from `queue` until it is empty. Reports on `report`:
///   "start <i>", "fail <i> <message>", and at the end "time <stage>\t<seconds>" lines.
[[noreturn]] void workerMain(int queue, int report, const std::function<void(size_t)> &job) {
  TimeReport &times = TimeReport::get();
  times.clear(); // the parent's stages are the parent's to print
  int status = 0;
  uint32_t index;
  while (::read(queue, &index, sizeof index) == sizeof index) {
    writeAll(report, "start " + std::to_string(index) + "\n");
    try {
      job(index);
    } catch (const std::exception &e) {
      writeAll(report, "fail " + std::to_string(index) + " " + oneLine(e.what()) + "\n");
      status = 1;
      break;
    }
  }
  std::string lines = times.lines(), out;
  for (size_t begin = 0, end; begin < lines.size(); begin = end + 1) {
    end = lines.find('\n', begin);
    out += "time " + lines.substr(begin, end - begin) + "\n";
  }
  writeAll(report, out);
  // _exit: the parent's destructors (its staging folder, for one) are not the worker's to run.
  ::_exit(status);
}

struct Worker {
  pid_t pid = -1;
  int report = -1;
  std::string received;
};

/// Reads every worker's report until all have closed it.
void collect(std::vector<Worker> &workers) {
  std::vector<pollfd> fds;
  for (const Worker &w : workers)
    fds.push_back({w.report, POLLIN, 0});
  size_t open = fds.size();
  char buffer[4096];
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      throw std::runtime_error(std::string("waiting for compile workers: ") + std::strerror(errno));
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        workers[i].received.append(buffer, size_t(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
}

/// The first failure among the workers' reports and exit statuses; "" when every job succeeded.
std::string firstFailure(const std::vector<Worker> &workers) {
  std::string failure;
  for (const Worker &w : workers) {
    int status = 0;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::string lastStarted;
    size_t begin = 0;
    while (begin < w.received.size()) {
      size_t end = w.received.find('\n', begin);
      std::string line = w.received.substr(begin, end - begin);
      begin = end == std::string::npos ? w.received.size() : end + 1;
      if (line.rfind("start ", 0) == 0)
        lastStarted = line.substr(6);
      else if (line.rfind("time ", 0) == 0)
        TimeReport::get().addLines(line.substr(5) + "\n");
      else if (line.rfind("fail ", 0) == 0 && failure.empty())
        failure = line.substr(line.find(' ', 5) + 1);
    }
    if (failure.empty() && WIFSIGNALED(status))
      failure = "a compile worker was killed by signal " + std::to_string(WTERMSIG(status)) +
                (lastStarted.empty() ? std::string() : " while compiling job " + lastStarted) +
                (WTERMSIG(status) == SIGKILL ? " (out of memory?)" : "");
    else if (failure.empty() && WIFEXITED(status) && WEXITSTATUS(status) != 0)
      failure = "a compile worker failed with status " + std::to_string(WEXITSTATUS(status));
  }
  return failure;
}

} // namespace

unsigned availableCores() {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    return std::max(1, CPU_COUNT(&set));
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? unsigned(n) : 1;
}

void runParallelJobs(size_t count, unsigned workers, const std::function<void(size_t)> &job) {
  if (workers <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i)
      job(i);
    return;
  }
  int queue[2];
  if (::pipe(queue) != 0)
    throw std::runtime_error(std::string("cannot start compile workers: ") + std::strerror(errno));
  // The whole queue fits in the pipe (a few hundred jobs at most), so the writes never block.
  for (uint32_t i = 0; i < count; ++i)
    writeAll(queue[1], std::string(reinterpret_cast<const char *>(&i), sizeof i));
  ::close(queue[1]);
  std::vector<Worker> started;
  std::string failure;
  for (unsigned k = 0; k < std::min<size_t>(workers, count); ++k) {
    int report[2];
    if (::pipe(report) != 0) {
      failure = std::string("cannot start compile workers: ") + std::strerror(errno);
      break;
    }
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(report[0]);
      for (const Worker &w : started)
        ::close(w.report);
      workerMain(queue[0], report[1], job);
    }
    ::close(report[1]);
    if (pid < 0) {
      ::close(report[0]);
      failure = std::string("cannot start compile workers: ") + std::strerror(errno);
      break;
    }
    started.push_back({pid, report[0], ""});
  }
  ::close(queue[0]);
  collect(started);
  if (std::string first = firstFailure(started); failure.empty())
    failure = first;
  if (!failure.empty())
    throw std::runtime_error(failure);
}

} // namespace xcc
