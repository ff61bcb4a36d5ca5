//===- callbacks.h - Keras's training callbacks -------------------*- C++ -*-===//
//
// The callbacks the issue names, with Keras 3's rules (keras/src/callbacks/*.py): which value counts as an
// improvement (mode "auto" maximises monitors with "acc" in their name), when patience runs out, what is printed.
// Each one saves its counters in fit's checkpoint, so a resumed fit goes on counting instead of starting over.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_CALLBACKS_H
#define XCC_RUNTIME_CALLBACKS_H

#include "xcc/runtime/fit.h"

#include <functional>
#include <limits>

namespace xcc::rt {

enum class MonitorMode { Auto, Min, Max };
/// "auto", "min", "max"; throws RuntimeError otherwise.
MonitorMode parseMonitorMode(const std::string &mode);

/// The metric a callback watches (Keras's `monitor` and `mode`) and the best value seen so far: the one place that
/// decides which direction is better, so EarlyStopping, ModelCheckpoint and ReduceLROnPlateau cannot disagree.
class Monitor {
public:
  Monitor(std::string metric, MonitorMode mode);
  const std::string &metric() const { return metric_; }
  bool maximizes() const { return maximize_; }
  /// Whether `a` is strictly better than `b`. Each callback shifts one side by its min_delta the way Keras does.
  bool better(double a, double b) const { return maximize_ ? a > b : a < b; }
  /// The value any other beats: -inf when maximising, +inf otherwise; `best` starts there.
  double worst() const {
    return maximize_ ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  /// The monitored value in `logs`; when it is missing, says so on `out` as `who` (with the keys there are).
  std::optional<double> read(const Logs &logs, std::ostream &out, const char *who) const;

  /// The best value so far; the callback decides when a value counts as better (and saves it with its state).
  double best;

private:
  std::string metric_;
  bool maximize_;
};

class EarlyStopping : public Callback {
public:
  struct Options {
    std::string monitor = "val_loss";
    double minDelta = 0;
    int patience = 0;
    MonitorMode mode = MonitorMode::Auto;
    std::optional<double> baseline;
    bool restoreBestWeights = false;
    int startFromEpoch = 0;
  };
  explicit EarlyStopping(Options options);
  std::string name() const override { return "early_stopping"; }
  void onTrainBegin(FitContext &) override;
  void onEpochEnd(FitContext &, int epoch, Logs &) override;
  void onTrainEnd(FitContext &) override;
  std::string saveState() const override;
  void restoreState(const std::string &json) override;
  int stoppedEpoch() const { return stoppedEpoch_; }

private:
  bool improves(double current, double reference) const;
  std::string bestWeightsPath(const FitContext &) const;
  Options o_;
  Monitor monitor_;
  int wait_ = 0, stoppedEpoch_ = 0, bestEpoch_ = 0;
  bool resumed_ = false, pendingBest_ = false;
  std::vector<std::vector<float>> bestWeights_;
};

class ModelCheckpoint : public Callback {
public:
  struct Options {
    /// May contain {epoch} or {epoch:02d} (1-based, as Keras formats it).
    std::string filepath;
    std::string monitor = "val_loss";
    bool saveBestOnly = false;
    MonitorMode mode = MonitorMode::Auto;
    /// Writes the model to a path; default: an xcc checkpoint (checkpoint.h). A `.weights.h5` exporter can be
    /// plugged in here.
    std::function<void(const Model &, const std::string &path)> save;
  };
  explicit ModelCheckpoint(Options options);
  std::string name() const override { return "model_checkpoint:" + o_.filepath; }
  void onEpochEnd(FitContext &, int epoch, Logs &) override;
  std::string saveState() const override;
  void restoreState(const std::string &json) override;

private:
  Options o_;
  Monitor monitor_;
};

/// Writes the epoch logs as Keras's CSVLogger file after every epoch (the whole file, atomically).
class CsvLogger : public Callback {
public:
  explicit CsvLogger(std::string filename) : filename_(std::move(filename)) {}
  std::string name() const override { return "csv_logger"; }
  void onEpochEnd(FitContext &, int epoch, Logs &) override;
  std::string saveState() const override;
  void restoreState(const std::string &json) override;

private:
  std::string filename_;
  History rows_;
};

class ReduceLROnPlateau : public Callback {
public:
  struct Options {
    std::string monitor = "val_loss";
    double factor = 0.1;
    int patience = 10;
    MonitorMode mode = MonitorMode::Auto;
    double minDelta = 1e-4;
    int cooldown = 0;
    double minLr = 0;
  };
  explicit ReduceLROnPlateau(Options options);
  std::string name() const override { return "reduce_lr_on_plateau"; }
  void onEpochEnd(FitContext &, int epoch, Logs &) override;
  std::string saveState() const override;
  void restoreState(const std::string &json) override;

private:
  Options o_;
  Monitor monitor_;
  int wait_ = 0, cooldownCounter_ = 0;
};

/// Stops fit at the first batch whose loss is NaN or infinite; fit then writes no checkpoint for that epoch,
/// so the last good one stays.
class TerminateOnNaN : public Callback {
public:
  std::string name() const override { return "terminate_on_nan"; }
  void onBatchEnd(FitContext &, int64_t step, const Logs &) override;
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_CALLBACKS_H
