//===- progress.h - Keras's progress bar for fit and evaluate ---*- C++ -*-===//
//
// What `model.fit(..., verbose=1)` prints, reproduced from Keras 3's keras.utils.Progbar
// (keras/src/utils/progbar.py) as ProgbarLogger drives it (keras/src/callbacks/progbar_logger.py):
//
//   Epoch 1/2
//   146/146 ━━━━━━━━━━━━━━━━━━━━ 38s 260ms/step - binary_accuracy: 0.9571 - loss: 0.1021 - val_loss: 0.0714
//
// On a terminal the line is redrawn in place after every step (at most every 50 ms), with Keras's colours, the
// ETA and the running metrics. Anywhere else (a log file, a pipe) only the final line of each epoch is printed,
// without colours. Keras itself never does this: it treats every POSIX process as a terminal and fills log
// files with \b and \r. Keras's verbose=2 prints "146/146 - 38s - 260ms/step - loss: 0.1021" instead; we print
// the verbose=1 final line so that a log reads the same as the screen.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_PROGRESS_H
#define XCC_RUNTIME_PROGRESS_H

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xcc::rt {

/// Metric name -> value, in display order. Keras sorts the logs by name before any callback sees them
/// (python_utils.pythonify_logs), so fit passes them sorted, train metrics first and the val_ ones at the end.
using MetricLogs = std::vector<std::pair<std::string, double>>;

/// Seconds since an arbitrary origin; injectable so tests see fixed times.
using SecondsClock = std::function<double()>;

/// std::chrono::steady_clock in seconds: the default clock (wall time that never jumps back).
double steadySeconds();

class ProgressBar {
public:
  /// `target`: steps per epoch, or -1 when unknown (then "   12/Unknown" and no bar, as Keras). The clock
  /// starts now: construct one bar per epoch, as ProgbarLogger does in on_epoch_begin.
  ProgressBar(int64_t target, std::ostream &out, bool interactive, SecondsClock clock = steadySeconds);

  /// Whether `out` writes to a terminal: std::cout -> isatty(1), std::cerr/std::clog -> isatty(2), else false.
  static bool isTerminal(const std::ostream &out);

  /// Reports that `step` steps (1-based) are done. The values are shown as given: fit's metrics are already
  /// running means, which is why Keras's ProgbarLogger passes stateless_metrics=set() (Keras PR #23030; earlier
  /// Keras 3 releases averaged them a second time during the epoch). A metric not repeated keeps its last value.
  /// `finalize` prints the final line (elapsed time instead of the ETA) and ends it with a newline.
  void update(int64_t step, const MetricLogs &metrics, bool finalize = false);

  /// ProgbarLogger's on_epoch_end: an unknown target becomes the last step seen, then the final line with the
  /// epoch's logs (which add the val_ metrics).
  void finish(const MetricLogs &epochLogs);

private:
  struct Segment;
  std::vector<Segment> barSegments(int64_t step) const;
  std::vector<Segment> infoSegments(int64_t step, double now, double secondsPerStep, bool finalize) const;
  void draw(const std::vector<Segment> &segments, bool finalize);
  double estimateStepSeconds(int64_t step, double now);
  void remember(const MetricLogs &metrics);

  int64_t target_;
  std::ostream &out_;
  bool interactive_;
  SecondsClock clock_;
  double start_;
  std::optional<double> lastDraw_;       // none yet: the first update always draws
  std::optional<double> afterFirstStep_; // when step 1 ended: the first step (tracing, warm-up) is left out
  int64_t lastStep_ = 0;
  size_t previousWidth_ = 0;
  MetricLogs values_; // first-seen order, latest value
};

/// "Epoch 3/10": the line Keras prints before each epoch's bar; only when training for more than one epoch.
/// `epoch` is 0-based, as Keras's callbacks count.
std::string epochHeader(int epoch, int epochs);
void printEpochHeader(std::ostream &out, int epoch, int epochs);

/// Keras's time per step: "38s/step" when >= 1 s (or exactly 0), else "260ms/step", under 1 ms "12us/step".
std::string formatStepTime(double secondsPerStep);
/// Keras's ETA: "38s", "1:02" over a minute, "1:02:03" over an hour (truncated, not rounded).
std::string formatEta(double seconds);
/// Keras's metric value: "%.4f" when |v| > 1e-3, else "%.4e" (so 0 is "0.0000e+00"); NaN is "nan".
std::string formatMetricValue(double value);

} // namespace xcc::rt

#endif // XCC_RUNTIME_PROGRESS_H
