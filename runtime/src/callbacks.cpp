#include "xcc/runtime/callbacks.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace xcc::rt {
namespace {

using nlohmann::json;

/// Keras's mode "auto": maximise accuracy-like monitors, minimise the rest.
bool higherIsBetter(MonitorMode mode, const std::string &monitor) {
  if (mode != MonitorMode::Auto)
    return mode == MonitorMode::Max;
  return monitor.find("acc") != std::string::npos || monitor.find("auc") != std::string::npos;
}

/// A monitor's best value in a callback's saved state. JSON has no infinity: the initial "best" travels as null.
json bestState(const Monitor &m) { return std::isfinite(m.best) ? json(m.best) : json(nullptr); }
void restoreBest(Monitor &m, const json &j) { m.best = j.is_null() ? m.worst() : j.get<double>(); }

std::vector<std::vector<float>> weightsOf(const Model &m) {
  std::vector<std::vector<float>> w;
  for (size_t i = 0; i < m.manifest().parameters.size(); ++i)
    w.push_back(m.parameter(i));
  return w;
}

std::string formatPath(const std::string &pattern, int epoch) {
  std::string out = pattern;
  for (const std::string key : {"{epoch:02d}", "{epoch:03d}", "{epoch}"}) {
    size_t at = out.find(key);
    if (at == std::string::npos)
      continue;
    char buf[32];
    int width = key == "{epoch}" ? 0 : key[8] - '0';
    std::snprintf(buf, sizeof buf, "%0*d", width, epoch + 1);
    out.replace(at, key.size(), buf);
  }
  return out;
}

std::string fmt5(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.5f", v);
  return buf;
}

} // namespace

MonitorMode parseMonitorMode(const std::string &mode) {
  if (mode == "auto")
    return MonitorMode::Auto;
  if (mode == "min")
    return MonitorMode::Min;
  if (mode == "max")
    return MonitorMode::Max;
  throw RuntimeError("mode must be auto, min or max, got '" + mode + "'");
}

// --- Monitor ---

Monitor::Monitor(std::string metric, MonitorMode mode)
    : metric_(std::move(metric)), maximize_(higherIsBetter(mode, metric_)) {
  best = worst();
}

std::optional<double> Monitor::read(const Logs &logs, std::ostream &out, const char *who) const {
  std::optional<double> v = findLog(logs, metric_);
  if (!v) {
    out << who << ": the monitored metric '" << metric_ << "' is not in the logs (available:";
    for (const auto &[k, unused] : logs)
      out << " " << k;
    out << ")\n";
  }
  return v;
}

// --- EarlyStopping ---

EarlyStopping::EarlyStopping(Options o) : o_(std::move(o)), monitor_(o_.monitor, o_.mode) {
  // Keras flips min_delta's sign so that `current - min_delta` beats the reference in either direction.
  o_.minDelta = std::fabs(o_.minDelta) * (monitor_.maximizes() ? 1 : -1);
}

bool EarlyStopping::improves(double current, double reference) const {
  return monitor_.better(current - o_.minDelta, reference);
}

std::string EarlyStopping::bestWeightsPath(const FitContext &ctx) const {
  return ctx.checkpointPath.empty() ? "" : ctx.checkpointPath + ".best";
}

void EarlyStopping::onTrainBegin(FitContext &ctx) {
  if (resumed_) {
    if (pendingBest_) {
      // The best epoch's weights of the interrupted run, saved when it improved.
      Checkpoint best = readCheckpoint(bestWeightsPath(ctx));
      for (const Checkpoint::Tensor &t : best.parameters)
        bestWeights_.push_back(t.values);
    }
    return;
  }
  wait_ = stoppedEpoch_ = bestEpoch_ = 0;
  monitor_.best = monitor_.worst();
  bestWeights_.clear();
}

void EarlyStopping::onEpochEnd(FitContext &ctx, int epoch, Logs &logs) {
  if (epoch < o_.startFromEpoch)
    return;
  std::optional<double> current = monitor_.read(logs, ctx.out, "EarlyStopping");
  if (!current)
    return;
  if (o_.restoreBestWeights && bestWeights_.empty())
    bestWeights_ = weightsOf(ctx.model);
  ++wait_;
  if (improves(*current, monitor_.best)) {
    monitor_.best = *current;
    bestEpoch_ = epoch;
    if (o_.restoreBestWeights) {
      bestWeights_ = weightsOf(ctx.model);
      // A resumed fit must still be able to go back to the best epoch: keep its weights on disk too.
      if (std::string path = bestWeightsPath(ctx); !path.empty())
        writeCheckpoint(path, captureCheckpoint(ctx.model, epoch + 1, "{}"));
    }
    if (!o_.baseline || improves(*current, *o_.baseline)) {
      wait_ = 0;
      return;
    }
  }
  if (wait_ >= o_.patience && epoch > 0) {
    stoppedEpoch_ = epoch;
    ctx.stopTraining = true;
  }
}

void EarlyStopping::onTrainEnd(FitContext &ctx) {
  if (stoppedEpoch_ > 0)
    ctx.out << "Epoch " << stoppedEpoch_ + 1 << ": early stopping\n";
  if (o_.restoreBestWeights && !bestWeights_.empty()) {
    ctx.out << "Restoring model weights from the end of the best epoch: " << bestEpoch_ + 1 << ".\n";
    for (size_t i = 0; i < bestWeights_.size(); ++i)
      ctx.model.setParameter(i, bestWeights_[i]);
  }
}

std::string EarlyStopping::saveState() const {
  return json{{"wait", wait_},
              {"stopped_epoch", stoppedEpoch_},
              {"best_epoch", bestEpoch_},
              {"best", bestState(monitor_)},
              {"has_best_weights", !bestWeights_.empty()}}
      .dump();
}

void EarlyStopping::restoreState(const std::string &text) {
  json j = json::parse(text);
  wait_ = j.at("wait");
  stoppedEpoch_ = j.at("stopped_epoch");
  bestEpoch_ = j.at("best_epoch");
  restoreBest(monitor_, j.at("best"));
  resumed_ = true;
  bestWeights_.clear();
  // Read back in onTrainBegin, which knows where fit keeps its checkpoints.
  pendingBest_ = o_.restoreBestWeights && j.value("has_best_weights", false);
}

// --- ModelCheckpoint ---

ModelCheckpoint::ModelCheckpoint(Options o) : o_(std::move(o)), monitor_(o_.monitor, o_.mode) {
  if (o_.filepath.empty())
    throw RuntimeError("ModelCheckpoint needs a file path");
  if (!o_.save)
    o_.save = [](const Model &m, const std::string &path) { writeCheckpoint(path, captureCheckpoint(m, 0, "{}")); };
}

void ModelCheckpoint::onEpochEnd(FitContext &ctx, int epoch, Logs &logs) {
  std::string path = formatPath(o_.filepath, epoch);
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "Epoch %05d: ", epoch + 1);
  if (!o_.saveBestOnly) {
    o_.save(ctx.model, path);
    return;
  }
  std::optional<double> current = monitor_.read(logs, ctx.out, "ModelCheckpoint");
  if (!current)
    return;
  if (monitor_.better(*current, monitor_.best)) {
    ctx.out << prefix << monitor_.metric() << " improved from " << fmt5(monitor_.best) << " to " << fmt5(*current)
            << ", saving model to " << path << "\n";
    monitor_.best = *current;
    o_.save(ctx.model, path);
  } else {
    ctx.out << prefix << monitor_.metric() << " did not improve from " << fmt5(monitor_.best) << "\n";
  }
}

std::string ModelCheckpoint::saveState() const { return json{{"best", bestState(monitor_)}}.dump(); }
void ModelCheckpoint::restoreState(const std::string &text) { restoreBest(monitor_, json::parse(text).at("best")); }

// --- CSVLogger ---

void CsvLogger::onEpochEnd(FitContext &, int epoch, Logs &logs) {
  rows_.append(epoch, logs);
  writeHistoryCsv(rows_, filename_);
}

std::string CsvLogger::saveState() const { return rows_.toJson(); }
void CsvLogger::restoreState(const std::string &text) { rows_ = History::fromJson(text, filename_); }

// --- ReduceLROnPlateau ---

ReduceLROnPlateau::ReduceLROnPlateau(Options o) : o_(std::move(o)), monitor_(o_.monitor, o_.mode) {
  if (o_.factor >= 1.0)
    throw RuntimeError("ReduceLROnPlateau does not support a factor >= 1.0, got " + std::to_string(o_.factor));
}

void ReduceLROnPlateau::onEpochEnd(FitContext &ctx, int epoch, Logs &logs) {
  logs.emplace_back("learning_rate", ctx.learningRate);
  std::optional<double> current = monitor_.read(logs, ctx.out, "ReduceLROnPlateau");
  if (!current)
    return;
  const bool inCooldown = cooldownCounter_ > 0;
  if (inCooldown) {
    --cooldownCounter_;
    wait_ = 0;
  }
  // Keras shifts the best value here (EarlyStopping shifts the current one), and min_delta keeps its sign.
  const double reference = monitor_.maximizes() ? monitor_.best + o_.minDelta : monitor_.best - o_.minDelta;
  if (monitor_.better(*current, reference)) {
    monitor_.best = *current;
    wait_ = 0;
  } else if (cooldownCounter_ == 0 && ++wait_ >= o_.patience) {
    if (ctx.learningRate > o_.minLr) {
      ctx.learningRate = float(std::max(ctx.learningRate * o_.factor, o_.minLr));
      char buf[96];
      std::snprintf(buf, sizeof buf, "Epoch %d: ReduceLROnPlateau reducing learning rate to %g.\n", epoch + 1,
                    double(ctx.learningRate));
      ctx.out << buf;
      cooldownCounter_ = o_.cooldown;
      wait_ = 0;
    }
  }
}

std::string ReduceLROnPlateau::saveState() const {
  return json{{"best", bestState(monitor_)}, {"wait", wait_}, {"cooldown_counter", cooldownCounter_}}.dump();
}
void ReduceLROnPlateau::restoreState(const std::string &text) {
  json j = json::parse(text);
  restoreBest(monitor_, j.at("best"));
  wait_ = j.at("wait");
  cooldownCounter_ = j.at("cooldown_counter");
}

// --- TerminateOnNaN ---

void TerminateOnNaN::onBatchEnd(FitContext &ctx, int64_t step, const Logs &logs) {
  std::optional<double> loss = findLog(logs, "loss");
  if (loss && !std::isfinite(*loss)) {
    ctx.out << "\nBatch " << step - 1 << ": Invalid loss, terminating training\n";
    ctx.stopTraining = true;
  }
}

} // namespace xcc::rt
