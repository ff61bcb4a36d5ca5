#include "Support/ParallelJobs.h"
#include "Support/TimeReport.h"

#include <poll.h>
#include <sched.h>
#include <iostream>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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

/// The worker of job `index`: its report is "fail <message>" lines and "time <stage>\t<seconds>" lines.
[[noreturn]] void workerMain(size_t index, int report, const std::function<void(size_t)> &job) {
  // LLVM (Halide's 14) reports a fatal error, a full disk among them, on stderr and aborts. Into the report it
  // goes, for the parent to turn into the compile's one error message; without the crash handler's stack dump.
  ::dup2(report, STDERR_FILENO);
  ::signal(SIGABRT, SIG_DFL);
  TimeReport &times = TimeReport::get();
  times.clear(); // the parent's stages are the parent's to print
  int status = 0;
  try {
    job(index);
  } catch (const std::exception &e) {
    std::string message = e.what();
    std::replace(message.begin(), message.end(), '\n', ' ');
    writeAll(report, "fail " + message + "\n");
    status = 1;
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
  size_t job;
  pid_t pid;
  int report;
  std::string received;
};

/// The worker's failure from its report and exit status; "" when it succeeded. Adds its time report stages.
std::string finish(const Worker &w) {
  int status = 0;
  while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::string failure;
  bool crashReport = false; // LLVM's crash handler's stack dump: noise after the error line
  size_t begin = 0;
  while (begin < w.received.size()) {
    size_t end = w.received.find('\n', begin);
    std::string line = w.received.substr(begin, end - begin);
    begin = end == std::string::npos ? w.received.size() : end + 1;
    if (line.rfind("time ", 0) == 0)
      TimeReport::get().addLines(line.substr(5) + "\n");
    else if (line.rfind("fail ", 0) == 0 && failure.empty())
      failure = line.substr(5);
    else if (line.rfind("LLVM ERROR: ", 0) == 0 && failure.empty())
      failure = line.substr(12) + (line.find("IO failure") != std::string::npos ? " (is the disk full?)" : "");
    else if (line.rfind("PLEASE submit a bug report", 0) == 0 || line.rfind("Stack dump:", 0) == 0)
      crashReport = true;
    else if (!line.empty() && !crashReport)
      std::cerr << line << "\n"; // what the worker printed to stderr (a Halide warning)
  }
  if (failure.empty() && WIFSIGNALED(status))
    failure = "the compile worker of job " + std::to_string(w.job) + " was killed by signal " +
              std::to_string(WTERMSIG(status)) + (WTERMSIG(status) == SIGKILL ? " (out of memory?)" : "");
  else if (failure.empty() && WIFEXITED(status) && WEXITSTATUS(status) != 0)
    failure = "the compile worker of job " + std::to_string(w.job) + " failed with status " +
              std::to_string(WEXITSTATUS(status));
  return failure;
}

/// Reads the running workers' reports until one closes its report (it is done), and returns its index.
size_t awaitOne(std::vector<Worker> &running) {
  std::vector<pollfd> fds;
  for (const Worker &w : running)
    fds.push_back({w.report, POLLIN, 0});
  char buffer[4096];
  while (true) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      throw std::runtime_error(std::string("waiting for compile workers: ") + std::strerror(errno));
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        running[i].received.append(buffer, size_t(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        return i;
      }
    }
  }
}

} // namespace

unsigned availableCores() {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0)
    return unsigned(std::max(1, CPU_COUNT(&set)));
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? unsigned(n) : 1;
}

void runParallelJobs(size_t count, unsigned workers, const std::function<void(size_t)> &job) {
  // A fresh process per job, forked from this one: each job starts from the same state (Halide's name counters
  // among it), so the output does not depend on which jobs ran before it in a worker, or on -j.
  std::vector<Worker> running;
  std::string failure;
  size_t next = 0;
  while (next < count || !running.empty()) {
    if (next < count && failure.empty() && running.size() < std::max(1u, workers)) {
      int report[2];
      if (::pipe(report) != 0) {
        failure = std::string("cannot start a compile worker: ") + std::strerror(errno);
        continue;
      }
      pid_t pid = ::fork();
      if (pid == 0) {
        ::close(report[0]);
        for (const Worker &w : running)
          ::close(w.report);
        workerMain(next, report[1], job);
      }
      ::close(report[1]);
      if (pid < 0) {
        ::close(report[0]);
        failure = std::string("cannot start a compile worker: ") + std::strerror(errno);
        continue;
      }
      running.push_back({next++, pid, report[0], ""});
      continue;
    }
    if (running.empty())
      break; // a failure stopped new jobs and every worker has ended
    size_t done = awaitOne(running);
    if (std::string why = finish(running[done]); failure.empty())
      failure = why;
    running.erase(running.begin() + long(done));
  }
  if (!failure.empty())
    throw std::runtime_error(failure);
}

} // namespace xcc
