#include "Lowering/Manifest.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace xcc {
namespace {

struct Fnv1a {
  uint64_t h = 1469598103934665603ull;
  void bytes(const void *p, size_t n) {
    auto *b = static_cast<const unsigned char *>(p);
    for (size_t i = 0; i < n; ++i)
      h = (h ^ b[i]) * 1099511628211ull;
  }
  void str(const std::string &s) { bytes(s.data(), s.size() + 1); }
};

nlohmann::json shapeJson(const std::vector<int64_t> &shape) {
  nlohmann::json j = nlohmann::json::array();
  for (int64_t d : shape)
    j.push_back(d < 0 ? nlohmann::json(nullptr) : nlohmann::json(d));
  return j;
}

} // namespace

std::string frozenWeightsHash(const kg::Graph &graph) {
  Fnv1a f;
  for (const kg::Node &n : graph.nodes) {
    if (n.kind != kg::OpKind::Constant)
      continue;
    f.str(n.layer);
    f.str(n.weight);
    f.bytes(n.shape.data(), n.shape.size() * sizeof(int64_t));
    f.bytes(n.data.data(), n.data.size() * sizeof(float));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.h));
  return hex;
}

static nlohmann::json trainJson(const kg::Graph &train, const ArtifactInfo &info) {
  const kg::Optimizer &o = train.optimizer;
  nlohmann::json optimizer = {{"learning_rate", o.learningRate}};
  if (o.kind == kg::Optimizer::Adam) {
    optimizer["name"] = "adam";
    optimizer["beta_1"] = o.beta1;
    optimizer["beta_2"] = o.beta2;
    optimizer["epsilon"] = o.epsilon;
    optimizer["slots"] = {"m", "v"};
  } else {
    optimizer["name"] = "sgd";
    optimizer["momentum"] = o.momentum;
    optimizer["nesterov"] = o.nesterov;
    optimizer["slots"] = o.slots() ? nlohmann::json{"velocity"} : nlohmann::json::array();
  }
  const kg::Node &loss = train.nodes[train.loss];
  nlohmann::json metrics = nlohmann::json::array();
  for (const kg::Metric &m : train.metrics) {
    bool binary = m.kind == kg::MetricKind::BinaryAccuracy;
    nlohmann::json j = {{"name", binary ? "binary_accuracy" : "sparse_categorical_accuracy"}};
    if (binary)
      j["threshold"] = m.threshold;
    metrics.push_back(j);
  }
  return {
      {"function", info.trainFunction},
      {"loss",
       {{"name", loss.loss == kg::LossKind::BinaryCrossentropy ? "binary_crossentropy"
                                                                : "sparse_categorical_crossentropy"},
        {"from_logits", loss.fromLogits}}},
      {"optimizer", optimizer},
      {"metrics", metrics},
      {"arguments", {"input", "labels", "sample_weights", "parameters...", "slots...", "learning_rate",
                     "iteration", "dropout_seed"}},
      {"outputs", {"loss", "metrics", "per parameter: value, slots..."}},
  };
}

std::string manifestJson(const kg::Graph &graph, const ArtifactInfo &info, const kg::Graph *train) {
  nlohmann::json params = nlohmann::json::array();
  for (int id : graph.params) {
    const kg::Node &n = graph.nodes[id];
    nlohmann::json p = {{"layer", n.layer}, {"weight", n.weight}, {"shape", shapeJson(n.shape)}, {"trainable", true}};
    // The runtime gives the parameter its first value: an initializer it runs itself, or the weights file.
    if (!n.initializer.empty()) {
      p["init"] = n.initializer;
      p["seed"] = n.initSeed;
    } else {
      p["init"] = "weights";
      p["source"] = {{"layer", n.sourceLayer}, {"weight", n.sourceWeight}};
    }
    params.push_back(std::move(p));
  }
  int64_t constants = 0;
  for (const kg::Node &n : graph.nodes)
    constants += n.kind == kg::OpKind::Constant ? int64_t(n.data.size()) : 0;
  nlohmann::json j = {
      {"format", "xcc-artifact-1"},
      {"model", info.model},
      {"phase", info.phase},
      {"function", info.function},
      {"target", info.target},
      {"input", {{"layer", graph.nodes[graph.inputs[0]].layer}, {"shape", shapeJson(graph.nodes[graph.inputs[0]].shape)}}},
      {"output", {{"layer", graph.nodes[graph.outputs[0]].layer}, {"shape", shapeJson(graph.nodes[graph.outputs[0]].shape)}}},
      {"parameters", params},
      {"frozen_values", constants},
      {"frozen_hash", frozenWeightsHash(graph)},
  };
  if (train)
    j["train"] = trainJson(*train, info);
  return j.dump(2) + "\n";
}

} // namespace xcc
