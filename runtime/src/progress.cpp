//===- progress.cpp - Keras's progress bar for fit and evaluate ------------===//
//
// Follows Progbar.update (keras/src/utils/progbar.py, verbose=1) step by step; the comments name the Keras
// behaviour each piece reproduces. Numbers go through snprintf because Python's %-formats and f-string float
// formats are C's printf formats (round half to even on the exact binary value, as glibc does).
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace xcc::rt {
namespace {

constexpr int kBarWidth = 20;            // Progbar(width=20)
constexpr double kRedrawInterval = 0.05; // Progbar(interval=0.05): at most 20 redraws a second
constexpr const char *kBarCell = "━";    // Keras 3 draws done and pending cells alike, only the colour differs

// Keras's escape sequences, byte for byte.
constexpr const char *kBold = "\x1b[1m";
constexpr const char *kGreen = "\x1b[32m";
constexpr const char *kGrey = "\x1b[37m";
constexpr const char *kReset = "\x1b[0m";

std::string cFormat(const char *format, double value) {
  int size = std::snprintf(nullptr, 0, format, value);
  std::string text(size_t(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), format, value);
  text.resize(size_t(size));
  return text;
}

/// printf's "%*d": Keras right-aligns the step under the target's width ("  7/146").
std::string padded(int64_t value, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "%*lld", width, (long long)value);
  return text;
}

std::string repeat(const char *cell, int count) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += cell;
  return text;
}

/// Characters on screen: UTF-8 continuation bytes do not start one (Python's len() of the str).
size_t screenWidth(const std::string &text) {
  size_t width = 0;
  for (unsigned char c : text)
    width += (c & 0xC0) != 0x80;
  return width;
}

} // namespace

/// A piece of the line with its colour; nullptr style means plain. Styling is kept apart from the text so the
/// non-terminal line and the on-screen width come from the same pieces.
struct ProgressBar::Segment {
  std::string text;
  const char *style = nullptr;
};

double steadySeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

ProgressBar::ProgressBar(int64_t target, std::ostream &out, bool interactive, SecondsClock clock)
    : target_(target), out_(out), interactive_(interactive), clock_(std::move(clock)), start_(clock_()) {}

bool ProgressBar::isTerminal(const std::ostream &out) {
  if (&out == &std::cout)
    return isatty(STDOUT_FILENO);
  if (&out == &std::cerr || &out == &std::clog)
    return isatty(STDERR_FILENO);
  return false;
}

void ProgressBar::update(int64_t step, const MetricLogs &metrics, bool finalize) {
  remember(metrics);
  lastStep_ = step;
  double now = clock_();
  // Estimated before the redraw throttle, as Keras does, so step 1's end time is recorded even when not drawn.
  double secondsPerStep = estimateStepSeconds(step, now);
  if (!finalize && lastDraw_ && now - *lastDraw_ < kRedrawInterval)
    return;
  std::vector<Segment> line = barSegments(step);
  for (Segment &s : infoSegments(step, now, secondsPerStep, finalize))
    line.push_back(std::move(s));
  draw(line, finalize);
  lastDraw_ = now;
}

void ProgressBar::finish(const MetricLogs &epochLogs) {
  if (target_ < 0)
    target_ = lastStep_;
  update(target_, epochLogs, /*finalize=*/true);
}

void ProgressBar::remember(const MetricLogs &metrics) {
  for (const auto &[name, value] : metrics) {
    auto known = std::find_if(values_.begin(), values_.end(), [&](const auto &entry) { return entry.first == name; });
    if (known == values_.end())
      values_.emplace_back(name, value);
    else
      known->second = value;
  }
}

/// Keras's _estimate_step_duration: after step 1, the mean over the later steps only, because the first one
/// carries the warm-up; before that (or when step 1 was never reported), the plain mean since the start.
double ProgressBar::estimateStepSeconds(int64_t step, double now) {
  if (step == 0)
    return 0;
  double seconds =
      afterFirstStep_ && step > 1 ? (now - *afterFirstStep_) / double(step - 1) : (now - start_) / double(step);
  if (step == 1)
    afterFirstStep_ = now;
  return seconds;
}

/// "  7/146 " then 20 cells, the done ones green and the rest grey; "     12/Unknown" without a target.
std::vector<ProgressBar::Segment> ProgressBar::barSegments(int64_t step) const {
  if (target_ <= 0)
    return {{padded(step, 7) + "/Unknown"}};
  int digits = int(std::to_string(target_).size());
  std::vector<Segment> segments{{padded(step, digits) + "/" + std::to_string(target_), kBold}, {" "}};
  int done = int(kBarWidth * (double(step) / double(target_)));
  if (done > 0)
    segments.push_back({repeat(kBarCell, done), kGreen});
  // Keras emits the grey run even when it is empty (a full bar), so the escape codes are there too.
  segments.push_back({repeat(kBarCell, kBarWidth - done), kGrey});
  return segments;
}

/// " 1:02 260ms/step - loss: 0.1021" while running; the elapsed " 38s" replaces the ETA on the final line and
/// whenever the target is unknown.
std::vector<ProgressBar::Segment> ProgressBar::infoSegments(int64_t step, double now, double secondsPerStep,
                                                            bool finalize) const {
  std::string time = target_ > 0 && !finalize ? formatEta(secondsPerStep * double(target_ - step))
                                              : cFormat("%.0f", now - start_) + "s";
  std::string rest = " " + formatStepTime(secondsPerStep);
  for (const auto &[name, value] : values_)
    rest += " - " + name + ": " + formatMetricValue(value);
  return {{" "}, {time, kBold}, {rest}};
}

/// On a terminal: back to the line start (Keras sends \b for every character drawn before, then \r), the new
/// line, and blanks over what is left of a longer previous one. Elsewhere: only the final line, plain.
void ProgressBar::draw(const std::vector<Segment> &segments, bool finalize) {
  std::string plain, styled;
  for (const Segment &s : segments) {
    plain += s.text;
    styled += s.style ? s.style + s.text + kReset : s.text;
  }
  if (!interactive_) {
    if (finalize)
      out_ << plain << '\n' << std::flush;
    return;
  }
  size_t width = screenWidth(plain);
  std::string message(previousWidth_, '\b');
  message += '\r' + styled;
  if (previousWidth_ > width)
    message.append(previousWidth_ - width, ' ');
  if (finalize)
    message += '\n';
  out_ << message << std::flush;
  previousWidth_ = width;
}

std::string epochHeader(int epoch, int epochs) {
  return "Epoch " + std::to_string(epoch + 1) + "/" + std::to_string(epochs);
}

void printEpochHeader(std::ostream &out, int epoch, int epochs) {
  if (epochs > 1) // ProgbarLogger.on_epoch_begin: `if self.verbose and self.epochs > 1`
    out << epochHeader(epoch, epochs) << '\n' << std::flush;
}

std::string formatStepTime(double secondsPerStep) {
  if (secondsPerStep >= 1 || secondsPerStep == 0)
    return cFormat("%.0f", secondsPerStep) + "s/step";
  if (secondsPerStep >= 1e-3)
    return cFormat("%.0f", secondsPerStep * 1000.0) + "ms/step";
  return cFormat("%.0f", secondsPerStep * 1000000.0) + "us/step";
}

/// Keras splits with // and % and prints with "%d", which truncates a float: 62.9 s is "1:02". (For the
/// non-negative times here, // and truncation agree.)
std::string formatEta(double seconds) {
  auto whole = [](double v) { return static_cast<long long>(v); };
  char text[64];
  if (seconds > 3600)
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", whole(seconds / 3600), whole(std::fmod(seconds, 3600) / 60),
                  whole(std::fmod(seconds, 60)));
  else if (seconds > 60)
    std::snprintf(text, sizeof text, "%lld:%02lld", whole(seconds / 60), whole(std::fmod(seconds, 60)));
  else
    std::snprintf(text, sizeof text, "%llds", whole(seconds));
  return text;
}

std::string formatMetricValue(double value) {
  if (std::isnan(value)) // Python prints every NaN as "nan"; glibc would print the sign of a negative one
    return "nan";
  return cFormat(std::fabs(value) > 1e-3 ? "%.4f" : "%.4e", value);
}

} // namespace xcc::rt
