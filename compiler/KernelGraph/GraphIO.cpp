#include "KernelGraph/GraphIO.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <stdexcept>

using nlohmann::json;

namespace xcc::kg {
namespace {

const char *const kKindNames[] = {"input", "constant", "param", "rescaling", "conv2d", "depthwise_conv2d",
                                  "separable_conv2d", "batch_norm", "activation", "max_pool2d", "avg_pool2d",
                                  "global_avg_pool2d", "global_max_pool2d", "add", "concatenate", "zero_padding2d",
                                  "flatten", "reshape", "dropout", "dense", "labels", "loss", "vjp",
                                  "apply_gradient"};
const char *const kActNames[] = {"linear", "relu", "relu6", "sigmoid", "softmax"};

template <typename E, size_t N> E parseName(const std::string &s, const char *const (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i])
      return E(i);
  throw std::runtime_error("unknown name '" + s + "'");
}

} // namespace

namespace {

/// Every field of `n`, in the spelling both forms share.
json nodeJson(const Node &n) {
  json j = {{"kind", kKindNames[int(n.kind)]},
            {"layer", n.layer},
            {"weight", n.weight},
            {"operands", n.operands},
            {"shape", n.shape},
            {"strides", n.strides},
            {"dilation", n.dilation},
            {"pool_size", n.poolSize},
            {"padding", n.padding},
            {"same", n.samePadding},
            {"activation", kActNames[int(n.activation)]},
            {"scale", n.scale},
            {"offset", n.offset},
            {"epsilon", n.epsilon},
            {"rate", n.rate},
            {"axis", n.axis},
            {"keepdims", n.keepdims},
            {"training", n.training},
            {"has_bias", n.hasBias},
            {"has_gamma", n.hasGamma},
            {"has_beta", n.hasBeta},
            {"seed", n.seed}};
  return j;
}

} // namespace

std::string toJson(const Graph &graph, std::string &blob) {
  json nodes = json::array();
  for (const Node &n : graph.nodes) {
    json j = nodeJson(n);
    if (n.kind == OpKind::Constant) {
      j["data_offset"] = blob.size();
      j["data_count"] = n.data.size();
      blob.append(reinterpret_cast<const char *>(n.data.data()), n.data.size() * sizeof(float));
    }
    nodes.push_back(std::move(j));
  }
  json g = {{"name", graph.name}, {"nodes", nodes}, {"inputs", graph.inputs}, {"params", graph.params},
            {"outputs", graph.outputs}};
  return g.dump(1) + "\n";
}

std::string toListing(const Graph &graph) {
  std::string out = json{{"name", graph.name}, {"inputs", graph.inputs}, {"params", graph.params},
                         {"outputs", graph.outputs}, {"loss", graph.loss}, {"updates", graph.updates}}
                        .dump() +
                    "\n";
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node &n = graph.nodes[i];
    Node plain;
    plain.kind = n.kind;
    json j = nodeJson(n), defaults = nodeJson(plain);
    for (auto it = defaults.begin(); it != defaults.end(); ++it)
      if (it.key() != "kind" && j[it.key()] == it.value())
        j.erase(it.key());
    if (n.fused)
      j["fused"] = true;
    if (n.kind == OpKind::Constant)
      j["values"] = n.data.size();
    if (!n.initializer.empty())
      j["init"] = {n.initializer, n.initSeed};
    if (!n.sourceLayer.empty())
      j["source"] = n.sourceLayer + "/" + n.sourceWeight;
    if (n.kind == OpKind::Vjp)
      j["wrt"] = n.wrtIndex;
    out += "%" + std::to_string(i) + " " + j.dump() + "\n";
  }
  return out;
}

Graph fromJson(const std::string &text, const std::string &blob, const std::string &what) {
  try {
    json g = json::parse(text);
    Graph graph;
    graph.name = g.at("name").get<std::string>();
    for (const json &j : g.at("nodes")) {
      Node n;
      n.kind = parseName<OpKind>(j.at("kind").get<std::string>(), kKindNames);
      n.activation = parseName<Act>(j.at("activation").get<std::string>(), kActNames);
      j.at("layer").get_to(n.layer);
      j.at("weight").get_to(n.weight);
      j.at("operands").get_to(n.operands);
      j.at("shape").get_to(n.shape);
      j.at("strides").get_to(n.strides);
      j.at("dilation").get_to(n.dilation);
      j.at("pool_size").get_to(n.poolSize);
      j.at("padding").get_to(n.padding);
      j.at("same").get_to(n.samePadding);
      j.at("scale").get_to(n.scale);
      j.at("offset").get_to(n.offset);
      j.at("epsilon").get_to(n.epsilon);
      j.at("rate").get_to(n.rate);
      j.at("axis").get_to(n.axis);
      j.at("keepdims").get_to(n.keepdims);
      j.at("training").get_to(n.training);
      j.at("has_bias").get_to(n.hasBias);
      j.at("has_gamma").get_to(n.hasGamma);
      j.at("has_beta").get_to(n.hasBeta);
      j.at("seed").get_to(n.seed);
      if (n.kind == OpKind::Constant) {
        size_t offset = j.at("data_offset"), count = j.at("data_count");
        if (offset > blob.size() || count > (blob.size() - offset) / sizeof(float))
          throw std::runtime_error("constant '" + n.layer + "/" + n.weight + "' lies outside the data file");
        n.data.resize(count);
        std::memcpy(n.data.data(), blob.data() + offset, count * sizeof(float));
      }
      graph.nodes.push_back(std::move(n));
    }
    g.at("inputs").get_to(graph.inputs);
    g.at("params").get_to(graph.params);
    g.at("outputs").get_to(graph.outputs);
    return graph;
  } catch (const std::exception &e) {
    throw std::runtime_error("'" + what + "': malformed kernel graph: " + e.what());
  }
}

} // namespace xcc::kg
