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
bool maximizes(MonitorMode mode, const std::string &monitor) {
  if (mode != MonitorMode::Auto)
    return mode == MonitorMode::Max;
  return monitor.find("acc") != std::string::npos || monitor.find("auc") != std::string::npos;
}

double worst(bool maximize) {
  return maximize ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
}

/// JSON has no infinity: the initial "best" travels as null.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double number(const json &j, double fallback) { return j.is_null() ? fallback : j.get<double>(); }

std::optional<double> monitored(const Logs &logs, const std::string &monitor, std::ostream &out,
                                const char *who) {
  std::optional<double> v = findLog(logs, monitor);
  if (!v) {
    out << who << ": the monitored metric '" << monitor << "' is not in the logs (available:";
    for (const auto &[k, unused] : logs)
      out << " " << k;
    out << ")\n";
  }
  return v;
}

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

// --- EarlyStopping ---

EarlyStopping::EarlyStopping(Options o)
    : o_(std::move(o)), maximize_(maximizes(o_.mode, o_.monitor)), best_(worst(maximize_)) {
  // Keras flips min_delta's sign so that `current - min_delta` beats the reference in either direction.
  o_.minDelta = std::fabs(o_.minDelta) * (maximize_ ? 1 : -1);
}

bool EarlyStopping::improves(double current, double reference) const {
  double shifted = current - o_.minDelta;
  return maximize_ ? shifted > reference : shifted < reference;
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
  best_ = worst(maximize_);
  bestWeights_.clear();
}

void EarlyStopping::onEpochEnd(FitContext &ctx, int epoch, Logs &logs) {
  if (epoch < o_.startFromEpoch)
    return;
  std::optional<double> current = monitored(logs, o_.monitor, ctx.out, "EarlyStopping");
  if (!current)
    return;
  if (o_.restoreBestWeights && bestWeights_.empty())
    bestWeights_ = weightsOf(ctx.model);
  ++wait_;
  if (improves(*current, best_)) {
    best_ = *current;
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
  return json{{"wait", wait_}, {"stopped_epoch", stoppedEpoch_}, {"best_epoch", bestEpoch_}, {"best", number(best_)},
              {"has_best_weights", !bestWeights_.empty()}}
      .dump();
}

void EarlyStopping::restoreState(const std::string &text) {
  json j = json::parse(text);
  wait_ = j.at("wait");
  stoppedEpoch_ = j.at("stopped_epoch");
  bestEpoch_ = j.at("best_epoch");
  best_ = number(j.at("best"), worst(maximize_));
  resumed_ = true;
  bestWeights_.clear();
  // Read back in onTrainBegin, which knows where fit keeps its checkpoints.
  pendingBest_ = o_.restoreBestWeights && j.value("has_best_weights", false);
}

// --- ModelCheckpoint ---

ModelCheckpoint::ModelCheckpoint(Options o)
    : o_(std::move(o)), maximize_(maximizes(o_.mode, o_.monitor)), best_(worst(maximize_)) {
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
  std::optional<double> current = monitored(logs, o_.monitor, ctx.out, "ModelCheckpoint");
  if (!current)
    return;
  if (maximize_ ? *current > best_ : *current < best_) {
    ctx.out << prefix << o_.monitor << " improved from " << fmt5(best_) << " to " << fmt5(*current)
            << ", saving model to " << path << "\n";
    best_ = *current;
    o_.save(ctx.model, path);
  } else {
    ctx.out << prefix << o_.monitor << " did not improve from " << fmt5(best_) << "\n";
  }
}

std::string ModelCheckpoint::saveState() const { return json{{"best", number(best_)}}.dump(); }
void ModelCheckpoint::restoreState(const std::string &text) {
  best_ = number(json::parse(text).at("best"), worst(maximize_));
}

// --- CSVLogger ---

void CsvLogger::onEpochEnd(FitContext &, int epoch, Logs &logs) {
  rows_.append(epoch, logs);
  writeHistoryCsv(rows_, filename_);
}

std::string CsvLogger::saveState() const { return rows_.toJson(); }
void CsvLogger::restoreState(const std::string &text) { rows_ = History::fromJson(text, filename_); }

// --- ReduceLROnPlateau ---

ReduceLROnPlateau::ReduceLROnPlateau(Options o)
    : o_(std::move(o)), maximize_(maximizes(o_.mode, o_.monitor)), best_(worst(maximize_)) {
  if (o_.factor >= 1.0)
    throw RuntimeError("ReduceLROnPlateau does not support a factor >= 1.0, got " + std::to_string(o_.factor));
}

void ReduceLROnPlateau::onEpochEnd(FitContext &ctx, int epoch, Logs &logs) {
  logs.emplace_back("learning_rate", ctx.learningRate);
  std::optional<double> current = monitored(logs, o_.monitor, ctx.out, "ReduceLROnPlateau");
  if (!current)
    return;
  const bool inCooldown = cooldownCounter_ > 0;
  if (inCooldown) {
    --cooldownCounter_;
    wait_ = 0;
  }
  bool better = maximize_ ? *current > best_ + o_.minDelta : *current < best_ - o_.minDelta;
  if (better) {
    best_ = *current;
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
  return json{{"best", number(best_)}, {"wait", wait_}, {"cooldown_counter", cooldownCounter_}}.dump();
}
void ReduceLROnPlateau::restoreState(const std::string &text) {
  json j = json::parse(text);
  best_ = number(j.at("best"), worst(maximize_));
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
