// `xcc compile --time-report` (or XCC_TIME_REPORT=1): wall time per stage of a compile, printed at the end, so
// that compile-time work goes where the time is.
#ifndef XCC_SUPPORT_TIMEREPORT_H
#define XCC_SUPPORT_TIMEREPORT_H

#include <chrono>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace xcc {

class TimeReport {
public:
  /// The process's report; off until enable().
  static TimeReport &get();

  void enable() { on = true; }
  /// Forgets every stage (a forked worker starts with its parent's).
  void clear();
  bool enabled() const { return on; }

  /// Adds `seconds` of wall time to `stage` (thread-safe; stages keep their first-seen order).
  void add(const std::string &stage, double seconds);
  /// Lines "stage<TAB>seconds", for a worker process to hand its stages to the parent (addLines).
  std::string lines() const;
  void addLines(const std::string &text);
  /// The table, and the total wall time since the process started.
  void print(std::ostream &os) const;

  /// Times its own lifetime into `stage` when the report is on.
  class Scope {
  public:
    explicit Scope(std::string stage);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    std::string stage;
    std::chrono::steady_clock::time_point start;
  };

private:
  TimeReport();
  bool on = false;
  std::chrono::steady_clock::time_point begin;
  mutable std::mutex mutex;
  std::vector<std::pair<std::string, double>> stages;
};

} // namespace xcc

#endif // XCC_SUPPORT_TIMEREPORT_H
