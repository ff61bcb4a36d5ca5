#include "xcc/runtime/fit.h"
#include "epoch_batches.h"
#include "fit_job.h"
#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/data_parallel.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/metrics.h"
#include "xcc/runtime/progress.h"
#include "xcc/weights/weights.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>

namespace xcc::rt {
namespace {

using nlohmann::json;

} // namespace

TrainSpec evaluationSpec(const Model &model) {
  if (model.manifest().hasTrain)
    return model.manifest().train;
  TrainSpec spec;
  bool binary = model.outputsPerSample() == 1;
  spec.loss = binary ? "binary_crossentropy" : "sparse_categorical_crossentropy";
  spec.metrics.push_back({binary ? "binary_accuracy" : "sparse_categorical_accuracy", 0.0});
  return spec;
}

namespace {

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

/// Where an interrupted epoch stopped: its steps done and their running sums, so that a resumed fit continues
/// the epoch as if it had not stopped. epoch -1: none.
struct EpochProgress {
  int epoch = -1;
  int64_t steps = 0;
  Totals totals;
  json toJson() const {
    return {{"epoch", epoch}, {"steps", steps}, {"loss", totals.loss}, {"samples", totals.samples},
            {"hits", totals.hits}};
  }
  static EpochProgress fromJson(const json &j) {
    EpochProgress p;
    p.epoch = j.at("epoch").get<int>();
    p.steps = j.at("steps").get<int64_t>();
    p.totals.loss = j.at("loss").get<double>();
    p.totals.samples = j.at("samples").get<double>();
    p.totals.hits = j.at("hits").get<std::vector<double>>();
    return p;
  }
};

/// A file list as a resume compares it: its size and a hash of each file's class folder, name and label, which
/// survives moving the data folder but not adding, removing or relabeling a file.
std::string describeFiles(const LabeledFiles &files) {
  std::string text; // each field ends with 0xff, which no UTF-8 name contains
  for (size_t i = 0; i < files.paths.size(); ++i) {
    std::filesystem::path p(files.paths[i]);
    text += p.parent_path().filename().string() + "/" + p.filename().string() + '\xff';
    text += std::to_string(files.labels[i]) + '\xff';
  }
  return std::to_string(files.paths.size()) + " files (hash " + weights::bytesHash(text.data(), text.size()) + ")";
}

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
json phasesJson(const std::vector<PhaseHistory> &phases) {
  json list = json::array();
  for (const PhaseHistory &p : phases)
    list.push_back({{"phase", p.phase}, {"history", json::parse(p.history.toJson())}});
  return list;
}

std::string fitState(const History &history, float learningRate,
                     const std::vector<std::shared_ptr<Callback>> &callbacks, const FitOptions &o,
                     const ResumeKey &key, const EpochProgress &progress, const json &earlierPhases) {
  json state = {{"history", json::parse(history.toJson())}, {"learning_rate", learningRate},
                {"class_names", o.classNames}, {"resume_key", key}, {"earlier_phases", earlierPhases}};
  for (const auto &c : callbacks)
    state["callbacks"][c->name()] = json::parse(c->saveState());
  if (progress.epoch >= 0)
    state["epoch_in_progress"] = progress.toJson();
  return state.dump();
}

/// Refuses to resume a run under options that change its result, naming the first that differs.
void checkResumeKey(const json &state, const ResumeKey &now, const std::string &path) {
  if (!state.contains("resume_key"))
    return; // written before runs recorded their options
  for (const auto &[name, then] : state["resume_key"].get<ResumeKey>())
    for (const auto &[nowName, value] : now)
      if (nowName == name && value != then) {
        auto shown = [](const std::string &v) { return v.empty() ? std::string("not given") : "'" + v + "'"; };
        throw RuntimeError("cannot resume '" + path + "' with other " + name + ": " + shown(then) +
                           " when the run started, " + shown(value) +
                           " now, which would change its result; resume with the run's options, or start a new "
                           "run in another --output");
      }
}

/// Restores a checkpoint written by an earlier fit of this artifact; returns the epochs it had done and fills
/// `progress` when it stopped inside an epoch.
int resumeFrom(FitContext &ctx, const Checkpoint &c, History &history,
               const std::vector<std::shared_ptr<Callback>> &callbacks, const ResumeKey &key, EpochProgress &progress,
               json &earlierPhases) {
  json state = json::parse(c.fitState);
  checkResumeKey(state, key, ctx.checkpointPath);
  restoreCheckpoint(ctx.model, c, ctx.checkpointPath);
  history = History::fromJson(state.at("history").dump(), ctx.checkpointPath);
  ctx.learningRate = state.at("learning_rate").get<float>();
  for (const auto &cb : callbacks)
    if (state.contains("callbacks") && state["callbacks"].contains(cb->name()))
      cb->restoreState(state["callbacks"][cb->name()].dump());
  if (state.contains("epoch_in_progress"))
    progress = EpochProgress::fromJson(state["epoch_in_progress"]);
  if (state.contains("earlier_phases"))
    earlierPhases = state["earlier_phases"];
  ctx.out << "Resuming from '" << ctx.checkpointPath << "': " << c.epochsDone << " epochs done";
  if (progress.epoch >= 0)
    ctx.out << " and " << progress.steps << " steps of epoch " << progress.epoch + 1;
  ctx.out << ", " << c.iterations << " steps in all\n";
  return c.epochsDone;
}

/// One epoch of training, from step progress.steps + 1 to `steps` with progress.totals so far; returns the epoch's
/// train logs. A callback setting stopTraining ends it after that batch (TerminateOnNaN); a stop request too (then
/// `stopped` is set and `progress` holds where it stopped). With `parallel`, each step is a global batch of which
/// `batches` holds this rank's slice, and every rank stops where any rank was asked to.
Logs trainEpoch(FitContext &ctx, EpochBatches &batches, const LabeledFiles &train, const FitOptions &o,
                const std::vector<std::shared_ptr<Callback>> &callbacks, ProgressBar &bar, EpochProgress &progress,
                int64_t steps, DataParallelStep *parallel, bool &stopped) {
  Model &model = ctx.model;
  const TrainSpec &spec = model.manifest().train;
  Totals &totals = progress.totals;
  totals.hits.resize(spec.metrics.size(), 0);
  std::vector<SkippedFile> skipped;
  StepInput in;
  const Batch &batch = in.batch;
  std::vector<float> labels, weights;
  const int32_t dropoutSeed = int32_t(uint32_t(o.seed));
  for (int64_t step = progress.steps + 1; step <= steps; ++step) {
    if (!batches.next(in)) {
      if (!parallel)
        break;
      in = StepInput{}; // this rank's slice of the last global batch is empty
    }
    skipped.insert(skipped.end(), batch.skipped.begin(), batch.skipped.end());
    progress.steps = step;
    StepShares shares{int64_t(batch.size()), 0};
    if (parallel)
      shares = parallel->share(int64_t(batch.size()));
    if (shares.globalSamples == 0)
      continue;
    labels.clear();
    weights.clear();
    for (size_t s : batch.samples) {
      labels.push_back(float(train.labels[s])); // BCE's 0/1 target and SCCE's class index alike
      auto w = o.classWeight.find(train.labels[s]);
      weights.push_back(w == o.classWeight.end() ? 1.0f : float(w->second));
    }
    const int64_t n = int64_t(batch.size());
    Model::StepResult r;
    if (parallel) {
      stopped = o.stopRequest && o.stopRequest->load();
      r = parallel->step(in.data(), in.isFeatures, labels.data(), weights.data(), n, shares, ctx.learningRate,
                         dropoutSeed, stopped);
    } else {
      r = in.isFeatures ? model.trainStepOnFeatures(in.data(), labels.data(), weights.data(), n, ctx.learningRate,
                                                    dropoutSeed)
                        : model.trainStep(in.data(), labels.data(), weights.data(), n, ctx.learningRate, dropoutSeed);
    }
    totals.loss += double(r.loss) * double(shares.globalSamples);
    totals.samples += double(shares.globalSamples);
    for (size_t m = 0; m < r.metricHits.size(); ++m)
      totals.hits[m] += r.metricHits[m];
    Logs running = totals.logs(spec);
    bar.update(step, running);
    Logs batchLogs = {{"loss", r.loss}};
    for (const auto &cb : callbacks)
      cb->onBatchEnd(ctx, step, batchLogs);
    if (!parallel) // a job's ranks agreed on it in the step's sums
      stopped = o.stopRequest && o.stopRequest->load();
    if (ctx.stopTraining || stopped)
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
/// loader's image cache) save the work of every epoch after the first. With `parallel`, this rank evaluates its
/// slices of the batches, and the logs are the sums over the ranks.
Logs evaluateWith(const Model &model, EpochBatches &batches, const LabeledFiles &data, const EvaluateOptions &o,
                  DataParallelStep *parallel = nullptr) {
  const TrainSpec spec = evaluationSpec(model);
  const size_t k = size_t(model.outputsPerSample());
  std::vector<size_t> order = epochOrder(data.paths.size(), false, 0, 0);
  size_t batchSize = size_t(o.batchSize);
  if (parallel) {
    order = rankOrder(order, batchSize, parallel->rank(), parallel->ranks());
    batchSize = rankSlice(batchSize, parallel->rank(), parallel->ranks()).count;
  }
  batches.startEpoch(0, std::move(order), batchSize);
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
  double skippedFiles = double(skipped.size());
  if (parallel) {
    std::vector<double> sums = {totals.loss, totals.samples, skippedFiles};
    sums.insert(sums.end(), totals.hits.begin(), totals.hits.end());
    parallel->sum(sums);
    totals.loss = sums[0];
    totals.samples = sums[1];
    skippedFiles = sums[2];
    std::copy(sums.begin() + 3, sums.end(), totals.hits.begin());
  }
  if (totals.samples == 0)
    throw RuntimeError("none of the " + std::to_string(data.paths.size()) + " evaluation images could be decoded");
  Logs logs = totals.logs(spec, o.prefix);
  if (skippedFiles > 0)
    logs.emplace_back(o.prefix + "skipped", skippedFiles);
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
  Job job(model, o.collectives);
  if (job.step() && o.batchSize < job.step()->ranks())
    throw JobError("--batch-size " + std::to_string(o.batchSize) + " is the global batch, split over the " +
                   std::to_string(job.step()->ranks()) + " processes of the job: it needs at least one sample each");
  std::ostringstream discard;
  std::ostream &out = o.out && job.writes() ? *o.out : discard;
  FitContext ctx{model, out, o.learningRate.value_or(float(model.manifest().train.learningRate))};
  ctx.checkpointPath = o.checkpointPath;
  model.setAccumulationSteps(o.accumulateSteps);

  ResumeKey key = o.resumeKey;
  key.emplace_back("training files", describeFiles(train));
  key.emplace_back("validation files", validation ? describeFiles(*validation) : "");
  // A resume on another number of processes would slice the batches, and so sum the gradients, differently.
  key.emplace_back("processes", std::to_string(job.step() ? job.step()->ranks() : 1));
  History history;
  EpochProgress progress; // of an epoch a stopped run left unfinished
  json earlierPhases = phasesJson(o.earlierPhases);
  int firstEpoch = o.initialEpoch;
  if (o.resume && o.checkpointPath.empty())
    throw RuntimeError("resume needs a checkpoint path");
  if (o.resume)
    if (std::optional<Checkpoint> c = job.resumeCheckpoint(o.checkpointPath))
      firstEpoch = resumeFrom(ctx, *c, history, callbacks, key, progress, earlierPhases);
  job.checkAgreement(model, key);
  if (job.step())
    out << "Data-parallel fit on " << job.describe() << ": --batch-size " << o.batchSize
        << " is the global batch\n";
  if (model.manifest().dtypePolicy != "float32") // a float32 fit prints what it always printed
    out << "Dtype policy: " << describeCompute(model.manifest()) << "\n";
  auto checkpoint = [&](int epochsDone) {
    if (!o.checkpointPath.empty() && job.writes())
      writeCheckpoint(o.checkpointPath, captureCheckpoint(model, epochsDone, fitState(history, ctx.learningRate,
                                                                                      callbacks, o, key, progress,
                                                                                      earlierPhases)));
  };

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
  const size_t batchSize = size_t(o.batchSize);
  const int64_t stepsPerEpoch = int64_t((train.paths.size() + batchSize - 1) / batchSize);
  for (int epoch = firstEpoch; epoch < o.epochs && !ctx.stopTraining; ++epoch) {
    ctx.epoch = epoch;
    if (progress.epoch != epoch)
      progress = {epoch, 0, {}};
    printEpochHeader(out, epoch, o.epochs);
    out.flush(); // a log file or pipe (tee) sees the epoch start now, not when the buffer fills
    // Resuming inside an epoch: its order without the batches already run gives the batches still to run.
    std::vector<size_t> order = epochOrder(train.paths.size(), o.shuffle, o.seed, epoch);
    order.erase(order.begin(), order.begin() + long(std::min(order.size(), size_t(progress.steps) * batchSize)));
    if (DataParallelStep *p = job.step())
      trainBatches.startEpoch(epoch, rankOrder(order, batchSize, p->rank(), p->ranks()),
                              rankSlice(batchSize, p->rank(), p->ranks()).count);
    else
      trainBatches.startEpoch(epoch, std::move(order), batchSize);
    ProgressBar bar(stepsPerEpoch, out, o.interactive);
    bool stopped = false;
    Logs logs = trainEpoch(ctx, trainBatches, train, o, callbacks, bar, progress, stepsPerEpoch, job.step(), stopped);
    if (progress.totals.samples == 0 && progress.steps >= stepsPerEpoch)
      throw RuntimeError("none of the " + std::to_string(train.paths.size()) +
                         " training images could be decoded (each is listed above): nothing to train on");
    if (ctx.stopTraining)
      break; // stopped inside the epoch (TerminateOnNaN): its state is not worth a checkpoint
    if (stopped && progress.steps < stepsPerEpoch) {
      checkpoint(epoch);
      out << "\nStopped by " << Job::stopCause(o.stopRequest) << " after step " << progress.steps << "/"
          << stepsPerEpoch << " of epoch " << epoch + 1 << "/" << o.epochs << "; '" << o.checkpointPath
          << "' holds that step: --resume continues from it.\n";
      break;
    }
    if (validation) {
      Logs v = evaluateWith(model, *valBatches, *validation, val, job.step());
      logs.insert(logs.end(), v.begin(), v.end());
    }
    bar.finish(logs);
    out.flush();
    for (const auto &cb : callbacks)
      cb->onEpochEnd(ctx, epoch, logs);
    history.append(epoch, logs);
    progress = {};
    checkpoint(epoch + 1);
    if (epoch + 1 < o.epochs && job.stopAgreed(o.stopRequest)) {
      out << "Stopped by " << Job::stopCause(o.stopRequest) << " after epoch " << epoch + 1 << "/" << o.epochs
          << "; '" << o.checkpointPath << "' holds it: --resume continues from it.\n";
      break;
    }
  }
  for (const auto &cb : callbacks)
    cb->onTrainEnd(ctx);
  return history;
}

std::vector<PhaseHistory> checkpointPhases(const Checkpoint &checkpoint) {
  json state = json::parse(checkpoint.fitState, nullptr, false);
  std::vector<PhaseHistory> phases;
  if (state.is_discarded() || !state.contains("history"))
    return phases;
  if (state.contains("earlier_phases") && state["earlier_phases"].is_array())
    for (const json &p : state["earlier_phases"])
      phases.push_back({p.at("phase").get<std::string>(), History::fromJson(p.at("history").dump(), "checkpoint")});
  phases.push_back({checkpoint.phase, History::fromJson(state["history"].dump(), "checkpoint")});
  return phases;
}

std::vector<std::string> checkpointClassNames(const Checkpoint &checkpoint) {
  json state = json::parse(checkpoint.fitState, nullptr, false);
  if (state.is_discarded() || !state.contains("class_names") || !state["class_names"].is_array())
    return {};
  std::vector<std::string> names;
  for (const json &n : state["class_names"])
    if (n.is_string())
      names.push_back(n.get<std::string>());
  return names;
}

} // namespace xcc::rt
