#include "xcc/runtime/fit.h"
#include "epoch_batches.h"
#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/metrics.h"
#include "xcc/runtime/progress.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

namespace xcc::rt {
namespace {

using nlohmann::json;

/// The loss and metrics evaluate() reports: the compiled ones, or for an inference artifact the defaults of
/// xcc's CLI (cross-entropy from logits, accuracy counting logit > 0).
TrainSpec evaluationSpec(const Model &model) {
  if (model.manifest().hasTrain)
    return model.manifest().train;
  TrainSpec spec;
  bool binary = model.outputsPerSample() == 1;
  spec.loss = binary ? "binary_crossentropy" : "sparse_categorical_crossentropy";
  spec.metrics.push_back({binary ? "binary_accuracy" : "sparse_categorical_accuracy", 0.0});
  return spec;
}

/// Running sums over the samples of an epoch; Keras's Mean trackers.
struct Totals {
  double loss = 0, samples = 0;
  std::vector<double> hits;
  Logs logs(const TrainSpec &spec, const std::string &prefix = "") const {
    Logs l;
    for (size_t m = 0; m < spec.metrics.size(); ++m)
      l.emplace_back(prefix + spec.metrics[m].name, samples ? hits[m] / samples : NAN);
    l.emplace_back(prefix + "loss", samples ? loss / samples : NAN);
    return l;
  }
};

void checkLabels(const Model &model, const LabeledFiles &data, const std::string &what) {
  if (data.paths.size() != data.labels.size())
    throw RuntimeError(what + ": " + std::to_string(data.paths.size()) + " files but " +
                       std::to_string(data.labels.size()) + " labels");
  if (data.paths.empty())
    throw RuntimeError(what + " has no images");
  const int64_t k = model.outputsPerSample();
  const bool binary = evaluationSpec(model).loss == "binary_crossentropy";
  // A folder gives one class per image; binary cross-entropy on several outputs (multi-label) needs a 0/1
  // vector per image, which no folder layout says.
  if (binary && k != 1)
    throw RuntimeError(what + ": the model has " + std::to_string(k) + " outputs under binary cross-entropy "
                       "(multi-label), but image folders give one class per image; use Dense(1) or a sparse "
                       "categorical loss");
  for (int32_t y : data.labels)
    if (y < 0 || (binary ? y > 1 : y >= k))
      throw RuntimeError(what + " has class index " + std::to_string(y) + ", but the model " +
                         (binary ? std::string("is a binary classifier (classes 0 and 1)")
                                 : "has " + std::to_string(k) + " outputs"));
}

LoaderOptions forModel(const Model &model, LoaderOptions o) {
  o.height = int(model.height());
  o.width = int(model.width());
  return o;
}

/// What a resumed fit needs besides the model's tensors.
std::string fitState(const History &history, float learningRate,
                     const std::vector<std::shared_ptr<Callback>> &callbacks) {
  json state = {{"history", json::parse(history.toJson())}, {"learning_rate", learningRate}};
  for (const auto &c : callbacks)
    state["callbacks"][c->name()] = json::parse(c->saveState());
  return state.dump();
}

/// Restores a checkpoint written by an earlier fit of this artifact; returns the epochs it had done.
int resumeFrom(FitContext &ctx, History &history, const std::vector<std::shared_ptr<Callback>> &callbacks) {
  Checkpoint c = readCheckpoint(ctx.checkpointPath);
  restoreCheckpoint(ctx.model, c, ctx.checkpointPath);
  json state = json::parse(c.fitState);
  history = History::fromJson(state.at("history").dump(), ctx.checkpointPath);
  ctx.learningRate = state.at("learning_rate").get<float>();
  for (const auto &cb : callbacks)
    if (state.contains("callbacks") && state["callbacks"].contains(cb->name()))
      cb->restoreState(state["callbacks"][cb->name()].dump());
  ctx.out << "Resuming from '" << ctx.checkpointPath << "': " << c.epochsDone << " epochs done, "
          << c.iterations << " steps\n";
  return c.epochsDone;
}

/// One epoch of training; returns the epoch's train logs. A callback setting stopTraining ends it after that
/// batch (TerminateOnNaN).
Logs trainEpoch(FitContext &ctx, EpochBatches &batches, const LabeledFiles &train, const FitOptions &o,
                const std::vector<std::shared_ptr<Callback>> &callbacks, ProgressBar &bar) {
  Model &model = ctx.model;
  const TrainSpec &spec = model.manifest().train;
  Totals totals;
  totals.hits.assign(spec.metrics.size(), 0);
  std::vector<SkippedFile> skipped;
  StepInput in;
  const Batch &batch = in.batch;
  std::vector<float> labels, weights;
  const int32_t dropoutSeed = int32_t(uint32_t(o.seed));
  for (int64_t step = 1; batches.next(in); ++step) {
    skipped.insert(skipped.end(), batch.skipped.begin(), batch.skipped.end());
    if (batch.size() == 0)
      continue;
    labels.clear();
    weights.clear();
    for (size_t s : batch.samples) {
      labels.push_back(float(train.labels[s])); // BCE's 0/1 target and SCCE's class index alike
      auto w = o.classWeight.find(train.labels[s]);
      weights.push_back(w == o.classWeight.end() ? 1.0f : float(w->second));
    }
    const int64_t n = int64_t(batch.size());
    Model::StepResult r =
        in.isFeatures ? model.trainStepOnFeatures(in.data(), labels.data(), weights.data(), n, ctx.learningRate,
                                                  dropoutSeed)
                      : model.trainStep(in.data(), labels.data(), weights.data(), n, ctx.learningRate, dropoutSeed);
    totals.loss += double(r.loss) * double(n);
    totals.samples += double(n);
    for (size_t m = 0; m < r.metricHits.size(); ++m)
      totals.hits[m] += r.metricHits[m];
    Logs running = totals.logs(spec);
    bar.update(step, running);
    Logs batchLogs = {{"loss", r.loss}};
    for (const auto &cb : callbacks)
      cb->onBatchEnd(ctx, step, batchLogs);
    if (ctx.stopTraining)
      break;
  }
  reportSkipped(skipped, ctx.out);
  return totals.logs(spec);
}

} // namespace

std::vector<size_t> epochOrder(size_t n, bool shuffle, uint64_t seed, int epoch) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t(0));
  if (shuffle) {
    // A fresh generator per epoch: the order of epoch e does not depend on how many epochs ran before it, so a
    // resumed fit shuffles as the uninterrupted one did.
    std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + uint64_t(epoch) + 1);
    for (size_t i = n; i > 1; --i)
      std::swap(order[i - 1], order[std::uniform_int_distribution<size_t>(0, i - 1)(rng)]);
  }
  return order;
}

std::optional<double> findLog(const Logs &logs, const std::string &key) {
  for (const auto &[k, v] : logs)
    if (k == key)
      return v;
  return std::nullopt;
}

namespace {

/// evaluate() over data.paths: fit keeps one EpochBatches for the validation set, so the kept features (or the
/// loader's image cache) save the work of every epoch after the first.
Logs evaluateWith(const Model &model, EpochBatches &batches, const LabeledFiles &data, const EvaluateOptions &o) {
  const TrainSpec spec = evaluationSpec(model);
  const size_t k = size_t(model.outputsPerSample());
  batches.startEpoch(0, epochOrder(data.paths.size(), false, 0, 0), size_t(o.batchSize));
  std::unique_ptr<ProgressBar> bar;
  if (o.out)
    bar = std::make_unique<ProgressBar>(int64_t(batches.batchesInEpoch()), *o.out, o.interactive);
  Totals totals;
  totals.hits.assign(spec.metrics.size(), 0);
  std::vector<SkippedFile> skipped;
  StepInput in;
  const Batch &batch = in.batch;
  for (int64_t step = 1; batches.next(in); ++step) {
    skipped.insert(skipped.end(), batch.skipped.begin(), batch.skipped.end());
    if (batch.size() == 0)
      continue;
    const int64_t n = int64_t(batch.size());
    std::vector<float> outputs = in.isFeatures ? model.predictFromFeatures(in.data(), n) : model.predict(in.data(), n);
    for (size_t i = 0; i < batch.size(); ++i) {
      const float y = float(data.labels[batch.samples[i]]);
      const float *out = outputs.data() + i * k;
      totals.loss += sampleLoss(spec, out, k, &y);
      for (size_t m = 0; m < spec.metrics.size(); ++m)
        totals.hits[m] += sampleHits(spec.metrics[m], out, k, &y);
      totals.samples += 1;
    }
    if (bar)
      bar->update(step, totals.logs(spec, o.prefix));
  }
  if (bar)
    bar->finish(totals.logs(spec, o.prefix));
  if (o.out)
    reportSkipped(skipped, *o.out);
  if (totals.samples == 0)
    throw RuntimeError("none of the " + std::to_string(data.paths.size()) + " evaluation images could be decoded");
  Logs logs = totals.logs(spec, o.prefix);
  if (!skipped.empty())
    logs.emplace_back(o.prefix + "skipped", double(skipped.size()));
  return logs;
}

} // namespace

Logs evaluate(const Model &model, const LabeledFiles &data, const EvaluateOptions &o) {
  checkBatchSize(o.batchSize, "evaluate");
  checkLabels(model, data, "evaluation data");
  ImageLoader loader(data.paths, forModel(model, o.loader));
  EpochBatches batches(model, loader, 0, nullptr); // one pass: nothing to keep
  return evaluateWith(model, batches, data, o);
}

History fit(Model &model, const LabeledFiles &train, const LabeledFiles *validation, const FitOptions &o,
            const std::vector<std::shared_ptr<Callback>> &callbacks) {
  if (!model.canTrain())
    throw RuntimeError("model '" + model.manifest().model + "' phase '" + model.manifest().phase +
                       "' has no train step: compile a training phase to fit");
  if (o.epochs < 1 || o.initialEpoch < 0 || o.initialEpoch >= o.epochs)
    throw RuntimeError("fit needs epochs >= 1 and 0 <= initial epoch < epochs");
  checkBatchSize(o.batchSize, "fit");
  checkLabels(model, train, "training data");
  if (validation)
    checkLabels(model, *validation, "validation data");
  std::ostringstream discard;
  std::ostream &out = o.out ? *o.out : discard;
  FitContext ctx{model, out, o.learningRate.value_or(float(model.manifest().train.learningRate))};
  ctx.checkpointPath = o.checkpointPath;

  History history;
  int firstEpoch = o.initialEpoch;
  if (o.resume && !o.checkpointPath.empty() && fileExists(o.checkpointPath))
    firstEpoch = resumeFrom(ctx, history, callbacks);
  else if (o.resume && o.checkpointPath.empty())
    throw RuntimeError("resume needs a checkpoint path");

  ImageLoader trainLoader(train.paths, forModel(model, o.loader));
  // A resumed fit with no epoch left has nothing to cache: say nothing about it.
  EpochBatches trainBatches(model, trainLoader, o.featureCacheBytes, firstEpoch < o.epochs ? &out : nullptr);
  LoaderOptions plain = forModel(model, o.loader);
  plain.augment = {};
  EvaluateOptions val{o.batchSize, plain, nullptr, false, "val_"};
  std::unique_ptr<ImageLoader> valLoader;
  std::unique_ptr<EpochBatches> valBatches;
  if (validation) {
    valLoader = std::make_unique<ImageLoader>(validation->paths, plain);
    valBatches = std::make_unique<EpochBatches>(model, *valLoader, o.featureCacheBytes, nullptr);
  }

  for (const auto &cb : callbacks)
    cb->onTrainBegin(ctx);
  for (int epoch = firstEpoch; epoch < o.epochs && !ctx.stopTraining; ++epoch) {
    ctx.epoch = epoch;
    printEpochHeader(out, epoch, o.epochs);
    out.flush(); // a log file or pipe (tee) sees the epoch start now, not when the buffer fills
    trainBatches.startEpoch(epoch, epochOrder(train.paths.size(), o.shuffle, o.seed, epoch), size_t(o.batchSize));
    ProgressBar bar(int64_t(trainBatches.batchesInEpoch()), out, o.interactive);
    Logs logs = trainEpoch(ctx, trainBatches, train, o, callbacks, bar);
    if (ctx.stopTraining)
      break; // stopped inside the epoch (TerminateOnNaN): its state is not worth a checkpoint
    if (validation) {
      Logs v = evaluateWith(model, *valBatches, *validation, val);
      logs.insert(logs.end(), v.begin(), v.end());
    }
    bar.finish(logs);
    out.flush();
    for (const auto &cb : callbacks)
      cb->onEpochEnd(ctx, epoch, logs);
    history.append(epoch, logs);
    if (!o.checkpointPath.empty())
      writeCheckpoint(o.checkpointPath, captureCheckpoint(model, epoch + 1, fitState(history, ctx.learningRate,
                                                                                       callbacks)));
  }
  for (const auto &cb : callbacks)
    cb->onTrainEnd(ctx);
  return history;
}

} // namespace xcc::rt
