#include "Support/TimeReport.h"

#include <cstdio>
#include <sstream>

namespace xcc {

TimeReport::TimeReport() : begin(std::chrono::steady_clock::now()) {}

TimeReport &TimeReport::get() {
  static TimeReport report;
  return report;
}

void TimeReport::clear() {
  std::lock_guard<std::mutex> lock(mutex);
  stages.clear();
}

void TimeReport::add(const std::string &stage, double seconds) {
  std::lock_guard<std::mutex> lock(mutex);
  for (auto &[name, total] : stages)
    if (name == stage) {
      total += seconds;
      return;
    }
  stages.emplace_back(stage, seconds);
}

std::string TimeReport::lines() const {
  std::lock_guard<std::mutex> lock(mutex);
  std::ostringstream s;
  for (const auto &[name, seconds] : stages)
    s << name << '\t' << seconds << '\n';
  return s.str();
}

void TimeReport::addLines(const std::string &text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t tab = line.rfind('\t');
    if (tab != std::string::npos)
      add(line.substr(0, tab), std::strtod(line.c_str() + tab + 1, nullptr));
  }
}

void TimeReport::print(std::ostream &os) const {
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  std::lock_guard<std::mutex> lock(mutex);
  size_t width = 5;
  for (const auto &stage : stages)
    width = std::max(width, stage.first.size());
  char line[64];
  os << "=== xcc compile: wall time per stage (stages run in parallel overlap) ===\n";
  for (const auto &[name, seconds] : stages) {
    std::snprintf(line, sizeof line, "%9.2f s\n", seconds);
    os << "  " << name << std::string(width - name.size() + 2, ' ') << line;
  }
  std::snprintf(line, sizeof line, "%9.2f s\n", wall);
  os << "  " << "total" << std::string(width - 5 + 2, ' ') << line;
}

TimeReport::Scope::Scope(std::string stage) : stage(std::move(stage)), start(std::chrono::steady_clock::now()) {}

TimeReport::Scope::~Scope() {
  TimeReport &report = get();
  if (report.enabled())
    report.add(stage, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

} // namespace xcc
