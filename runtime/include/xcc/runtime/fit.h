//===- fit.h - Keras's fit and evaluate over image files ---------*- C++ -*-===//
//
// fit() runs the compiled train step over a training set for some epochs, evaluates a validation set after each,
// shows Keras's progress bar, calls callbacks, and checkpoints after every epoch so a killed run loses at most
// the epoch in progress. The numbers follow Keras 3: an epoch's loss is the mean over samples of the batch losses
// (Keras's loss tracker weights each batch by its size), accuracies count correct predictions over samples, and
// validation runs in inference mode (no dropout) with the same loss and metrics.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_FIT_H
#define XCC_RUNTIME_FIT_H

#include "xcc/runtime/history.h"
#include "xcc/runtime/loader.h"
#include "xcc/runtime/model.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace xcc::rt {

struct Checkpoint;
class Collectives;

/// Metric name -> value, in display order (Keras's logs dict).
using Logs = std::vector<std::pair<std::string, double>>;
std::optional<double> findLog(const Logs &logs, const std::string &key);

/// Image files and their class indices (image_dataset_from_directory's listing).
struct LabeledFiles {
  std::vector<std::string> paths;
  std::vector<int32_t> labels;
};

/// What callbacks may read and change while fit runs.
struct FitContext {
  Model &model;
  std::ostream &out;
  float learningRate;
  bool stopTraining = false;
  std::string checkpointPath; ///< fit's own resume checkpoint ("" when fit keeps none)
  int epoch = 0;              ///< 0-based epoch in progress
};

/// Keras's Callback, with the hooks xcc's callbacks use. saveState/restoreState carry a callback's counters in
/// fit's checkpoint, so a resumed fit continues them instead of starting over.
class Callback {
public:
  virtual ~Callback() = default;
  /// A key unique among the callbacks of one fit (its state's name in the checkpoint).
  virtual std::string name() const = 0;
  virtual void onTrainBegin(FitContext &) {}
  virtual void onBatchEnd(FitContext &, int64_t /*step*/, const Logs &) {}
  virtual void onEpochEnd(FitContext &, int /*epoch*/, Logs &) {}
  virtual void onTrainEnd(FitContext &) {}
  virtual std::string saveState() const { return "{}"; }
  virtual void restoreState(const std::string & /*json*/) {}
};

struct FitOptions {
  int epochs = 1;
  /// Keras's initial_epoch: the first epoch to run (0-based); epochs before it are skipped, as when a run is
  /// continued by hand. A resumed checkpoint's own count takes precedence.
  int initialEpoch = 0;
  int64_t batchSize = 32;
  /// Keras 3's gradient_accumulation_steps (Model::setAccumulationSteps): update every K batches with their mean
  /// gradient. 1: every batch.
  int64_t accumulateSteps = 1;
  bool shuffle = true;
  /// Seeds the epoch order, the augmentation draws and the dropout masks; a resumed fit reuses it, so it sees
  /// what the uninterrupted run would have seen.
  uint64_t seed = 1337;
  std::optional<float> learningRate; ///< default: the optimizer's learning rate in the manifest
  std::map<int32_t, double> classWeight;
  LoaderOptions loader; ///< image size is taken from the model; augmentation applies to training data only
  /// The most memory for the frozen base's output kept per image (a head phase's artifact; abi.h), 0 for none.
  /// Kept only where it is exact: images not augmented, or augmented once (AugmentPolicy::Once). Every epoch
  /// after the first then skips decoding and the base; the numbers are the same either way.
  size_t featureCacheBytes = size_t(4) << 30;
  /// fit's checkpoint, rewritten after every epoch; with `resume` an existing one is continued.
  std::string checkpointPath;
  bool resume = false;
  /// Where the progress bar and messages go; interactive: rewrite the bar in place (a terminal).
  std::ostream *out = nullptr;
  bool interactive = false;
  /// The histories of the phases before this one (checkpointPhases of the --init-from checkpoint): kept in the
  /// checkpoint, so that the learning curve across phases can be drawn after any of them.
  std::vector<PhaseHistory> earlierPhases;
  /// The class folders' names, by label: kept in the checkpoint for predict and evaluate.
  std::vector<std::string> classNames;
  /// What must not change when a run is resumed (option name -> value as given, e.g. {"--batch-size", "32"}):
  /// kept in the checkpoint, and a resume with another value is refused, naming the option. fit adds the
  /// training and validation files itself.
  std::vector<std::pair<std::string, std::string>> resumeKey;
  /// When set and nonzero (a signal handler stores its signal number), fit stops after the step in progress
  /// and checkpoints mid-epoch; a resumed fit continues from that step to the uninterrupted run's result.
  const std::atomic<int> *stopRequest = nullptr;
  /// A data-parallel job's processes (data_parallel.h); null, or a job of one, for a fit in this process alone.
  /// Each rank trains on its slices of every global batch of batchSize and validates on its slices of the
  /// validation set; the logs, callbacks and history see the global values; only rank 0 writes the checkpoint.
  Collectives *collectives = nullptr;
};

/// Every phase a checkpoint's run went through, the earlier phases' and then its own history (empty when the
/// checkpoint holds no history).
std::vector<PhaseHistory> checkpointPhases(const Checkpoint &checkpoint);

/// The class names a checkpoint's fit trained on (empty when it did not record them).
std::vector<std::string> checkpointClassNames(const Checkpoint &checkpoint);

/// The loss and metrics evaluate() reports: the compiled ones, or for an inference artifact the defaults of
/// xcc's CLI (cross-entropy from logits, accuracy counting logit > 0), with Keras's metric names.
TrainSpec evaluationSpec(const Model &model);

/// The order in which fit() visits samples 0..n-1 in epoch `epoch` (0-based): a Fisher-Yates shuffle from a
/// generator seeded by (seed, epoch) alone, or 0..n-1 without `shuffle`. Exposed so that studies can replay a fit.
std::vector<size_t> epochOrder(size_t n, bool shuffle, uint64_t seed, int epoch);

/// Trains `model` on `train`, validating on `validation` when given, for options.epochs epochs (Keras: epochs
/// counts from 0, a resumed fit starts where the checkpoint stopped). Returns the whole history, including
/// epochs restored from the checkpoint. Throws RuntimeError on unusable data or a failing step.
History fit(Model &model, const LabeledFiles &train, const LabeledFiles *validation, const FitOptions &options,
            const std::vector<std::shared_ptr<Callback>> &callbacks = {});

struct EvaluateOptions {
  int64_t batchSize = 32;
  LoaderOptions loader;
  std::ostream *out = nullptr; ///< null: no progress bar
  bool interactive = false;
  std::string prefix; ///< "val_" for validation logs
};

/// Keras's evaluate: the compiled loss and metrics over `data`, in inference mode. Logs are "<metric>"...,
/// "loss" (with `prefix`), plus "skipped" when some files could not be decoded.
Logs evaluate(const Model &model, const LabeledFiles &data, const EvaluateOptions &options);

} // namespace xcc::rt

#endif // XCC_RUNTIME_FIT_H
