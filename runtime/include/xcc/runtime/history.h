//===- history.h - what fit returns: per-epoch logs, their files and plot -*- C++ -*-===//
//
// Keras's History callback collects each epoch's logs (history.history). xcc keeps them the same way, embeds
// them in checkpoints so a resumed run continues its history, and writes three files from them:
//   - the CSV that Keras's CSVLogger writes (keras/src/callbacks/csv_logger.py), byte for byte when every epoch
//     logs the same keys,
//   - history.history as JSON, plus the epoch numbers,
//   - a learning-curve SVG (history_plot.cpp) with no dependency on a plotting library.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_HISTORY_H
#define XCC_RUNTIME_HISTORY_H

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace xcc::rt {

struct History {
  std::vector<int> epochs;                           // 0-based, as Keras's callbacks and CSVLogger number them
  std::vector<std::string> keys;                     // in first-seen order
  std::map<std::string, std::vector<double>> values; // key -> one value per epoch; NaN where an epoch lacked it

  /// Adds one epoch's logs. Epochs must increase (append after truncate when resuming). A key seen for the first
  /// time gets NaN for the earlier epochs, so every column stays aligned with `epochs` (Keras's history.history
  /// lists would simply be shorter). Throws RuntimeError for a key named "epoch", which would collide with the
  /// epoch column of the files.
  void append(int epoch, const std::vector<std::pair<std::string, double>> &logs);

  /// {"epoch": [0, 1], "loss": [0.5, 0.25], ...}: keys in first-seen order, NaN and infinities as null (JSON has
  /// no NaN; they read back as NaN). Numbers are shortest round-trip, so fromJson(toJson()) is exact.
  std::string toJson() const;
  /// Inverse of toJson; errors name `sourceName` (the checkpoint or file the text came from) and what is wrong.
  static History fromJson(const std::string &text, const std::string &sourceName);

  /// Keeps the epochs < epochCount and drops keys left without any value: the state after epochCount epochs,
  /// which is where a run resumed from that checkpoint continues.
  void truncate(int epochCount);
};

/// One training phase's history (the guide's head phase, then its fine-tune), for the learning curve across phases.
struct PhaseHistory {
  std::string phase;
  History history;
};

/// A vertical line on a learning curve, between epochs: where a phase starts.
struct PhaseMark {
  double epoch; ///< 1-based, as the plot's x axis; the line is drawn half an epoch before it
  std::string label;
};

/// The phases' histories one after another (a phase's epochs follow the previous phase's last), with a mark at
/// the start of each phase after the first: TensorFlow's transfer-learning tutorial's "Start Fine Tuning" plot.
History concatenatePhases(const std::vector<PhaseHistory> &phases, std::vector<PhaseMark> &marks);

/// Keras's CSVLogger file: header "epoch,<keys sorted>", one row per epoch, comma-separated, every line ended
/// by "\r\n" (csv.excel's lineterminator; CSVLogger opens the file without newline=""), values as Python's
/// repr of the float (pythonify_logs made them Python floats), NaN as "nan".
/// Differences: Keras takes the columns from the first epoch's logs, we take every key seen; an empty cell
/// (a key missing in one epoch) is "nan" here where Keras writes "NA".
void writeHistoryCsv(const History &history, const std::string &path);
/// toJson() and a newline.
void writeHistoryJson(const History &history, const std::string &path);
/// The learning curves as a self-contained SVG: a "loss" panel (loss, val_loss) and one per accuracy metric
/// (e.g. binary_accuracy and val_binary_accuracy), epochs 1-based on the x axis. NaN values leave a gap.
void writeLearningCurves(const History &history, const std::string &svgPath, const std::string &title,
                         const std::vector<PhaseMark> &marks = {});

/// Python's repr() of a float: shortest round-trip digits, "1e-05" below 1e-4 and "1e+16" from 1e16 on,
/// otherwise fixed with at least one decimal ("3.0"); "nan", "inf", "-inf".
std::string pythonFloatRepr(double value);

/// Exposed for tests of the plot.
namespace plot {

/// The 1-2-5 step (1, 2, 5, 10, 20, ... times a power of ten) that cuts `span` into at most `maxIntervals`.
double niceStep(double span, int maxIntervals);

/// An axis over [lo, hi] widened to whole steps, with its tick values and the decimals their labels need.
/// A zero-width range is widened first (by 10%, or by 0.5 around 0).
struct Axis {
  double lo, hi, step;
  int decimals;
  std::vector<double> ticks;
};
Axis niceAxis(double lo, double hi, int maxIntervals);

/// The whole SVG document (writeLearningCurves writes it).
std::string learningCurvesSvg(const History &history, const std::string &title,
                              const std::vector<PhaseMark> &marks = {});

} // namespace plot
} // namespace xcc::rt

#endif // XCC_RUNTIME_HISTORY_H
