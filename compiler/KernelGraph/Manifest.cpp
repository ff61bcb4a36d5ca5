#include "KernelGraph/Manifest.h"

#include "xcc/runtime/abi.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <utility>

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
                     "iteration", "dropout_seed", "sample_offset"}},
      {"outputs", {"loss", "metrics", "per parameter: value, slots..."}},
  };
}

namespace {

using VariableKey = std::pair<std::string, std::string>; // layer, weight

nlohmann::json keyJson(const VariableInfo &v) { return {{"layer", v.keyLayer}, {"weight", v.keyWeight}}; }

/// "variables", "variable_groups" and "frozen_sources". A variable is a parameter when the code takes it as an
/// argument; every other one is baked into the code.
void addVariables(nlohmann::json &j, const ModelVariables &vars, const std::map<VariableKey, size_t> &paramIndex) {
  nlohmann::json groups = nlohmann::json::array(), list = nlohmann::json::array(), frozen = nlohmann::json::array();
  for (const VariableGroupInfo &g : vars.groups)
    groups.push_back({{"path", g.path}, {"name", g.name}});
  for (const VariableInfo &v : vars.variables) {
    nlohmann::json e = {{"path", v.path}, {"layer", v.layer}, {"weight", v.weight}, {"shape", shapeJson(v.shape)}};
    if (auto it = paramIndex.find({v.layer, v.weight}); it != paramIndex.end()) {
      e["from"] = "parameter";
      e["parameter"] = it->second;
    } else {
      switch (v.from) {
      case VariableInfo::From::Weights:
        e["from"] = "weights";
        e["key"] = keyJson(v);
        break;
      case VariableInfo::From::Initializer:
        e["from"] = "initializer";
        e["init"] = v.initializer;
        e["seed"] = v.seed;
        break;
      case VariableInfo::From::RandomWeights:
        e["from"] = "random_weights";
        e["seed"] = v.seed;
        break;
      case VariableInfo::From::Nothing:
        e["from"] = "nothing";
        break;
      }
      if (!v.hash.empty())
        frozen.push_back({{"layer", v.layer}, {"weight", v.weight}, {"hash", v.hash}});
    }
    if (!v.hash.empty())
      e["hash"] = v.hash;
    list.push_back(std::move(e));
  }
  j["variable_groups"] = groups;
  j["variables"] = list;
  j["frozen_sources"] = frozen;
}

} // namespace

std::string manifestJson(const kg::Graph &graph, const ArtifactInfo &info, const kg::Graph *train,
                         const ModelVariables *variables) {
  std::map<VariableKey, const VariableInfo *> byName;
  if (variables)
    for (const VariableInfo &v : variables->variables)
      byName[{v.layer, v.weight}] = &v;
  std::map<VariableKey, size_t> paramIndex;
  nlohmann::json params = nlohmann::json::array();
  for (int id : graph.params) {
    const kg::Node &n = graph.nodes[id];
    paramIndex[{n.layer, n.weight}] = params.size();
    nlohmann::json p = {{"layer", n.layer}, {"weight", n.weight}, {"shape", shapeJson(n.shape)}, {"trainable", true}};
    auto var = byName.find({n.layer, n.weight});
    const VariableInfo *v = var != byName.end() ? var->second : nullptr;
    // The runtime gives the parameter its first value: an initializer it runs itself, xcc's --random-weights
    // draw, or the weights file (loadInitialWeights), where it finds the entry under "key" and checks "hash".
    if (!n.initializer.empty()) {
      p["init"] = n.initializer;
      p["seed"] = n.initSeed;
    } else if (v && (v->from == VariableInfo::From::RandomWeights || v->from == VariableInfo::From::Initializer)) {
      // The latter: --random-style keras or he drew a weight that names a weights file as an initializer.
      p["init"] = v->from == VariableInfo::From::RandomWeights ? "random_weights" : v->initializer;
      p["seed"] = v->seed;
    } else {
      p["init"] = "weights";
      p["source"] = {{"layer", n.sourceLayer}, {"weight", n.sourceWeight}};
      if (v && v->from == VariableInfo::From::Weights)
        p["key"] = keyJson(*v);
    }
    if (v && !v->hash.empty())
      p["hash"] = v->hash;
    params.push_back(std::move(p));
  }
  int64_t constants = 0;
  for (const kg::Node &n : graph.nodes)
    constants += n.kind == kg::OpKind::Constant ? int64_t(n.data.size()) : 0;
  nlohmann::json j = {
      {"format", XCC_ARTIFACT_FORMAT},
      {"version", XCC_ARTIFACT_VERSION},
      {"model", info.model},
      {"phase", info.phase},
      {"function", info.function},
      {"target", info.target},
      {"dtype_policy", std::string(xnn::dtypePolicyName(graph.dtypePolicy))},
      {"input", {{"layer", graph.nodes[graph.inputs[0]].layer}, {"shape", shapeJson(graph.nodes[graph.inputs[0]].shape)}}},
      {"output", {{"layer", graph.nodes[graph.outputs[0]].layer}, {"shape", shapeJson(graph.nodes[graph.outputs[0]].shape)}}},
      {"parameters", params},
      {"frozen_values", constants},
      {"frozen_hash", frozenWeightsHash(graph)},
  };
  if (!info.matmul.empty())
    j["matmul"] = info.matmul;
  if (variables)
    addVariables(j, *variables, paramIndex);
  if (train)
    j["train"] = trainJson(*train, info);
  if (!info.featuresLayer.empty())
    j["features"] = {{"layer", info.featuresLayer}, {"shape", shapeJson(info.featuresShape)}};
  return j.dump(2) + "\n";
}

} // namespace xcc
