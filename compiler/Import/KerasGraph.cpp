#include "Import/KerasGraph.h"

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>

using nlohmann::json;

namespace xcc {
namespace {

[[noreturn]] void malformed(const std::string &what) { throw std::runtime_error("malformed Keras config: " + what); }

TensorRef tensorRef(const json &history, const std::string &where) {
  if (!history.is_array() || history.size() < 3 || !history[0].is_string() || !history[2].is_number_integer())
    malformed("expected [layer, node, tensor] in " + where + ", got " + history.dump());
  if (!history[1].is_number_integer() || history[1].get<int>() < 0)
    malformed("expected a node index >= 0 in " + where + ", got " + history.dump());
  return {history[0].get<std::string>(), history[1].get<int>(), history[2].get<int>()};
}

/// input_layers/output_layers: Keras 2 always nests ([[name, 0, 0], ...]); Keras 3 writes a single tensor flat.
std::vector<TensorRef> tensorList(const json &refs, const std::string &where) {
  if (!refs.is_array())
    malformed(where + " must be a list");
  if (!refs.empty() && refs[0].is_string())
    return {tensorRef(refs, where)};
  std::vector<TensorRef> out;
  for (const json &r : refs)
    out.push_back(tensorRef(r, where));
  return out;
}

/// Keras 3 call arguments: every __keras_tensor__, depth first, so Add([a, b]) yields a then b.
void collectKerasTensors(const json &arg, std::vector<TensorRef> &out, const std::string &where) {
  if (arg.is_object() && arg.value("class_name", "") == "__keras_tensor__") {
    out.push_back(tensorRef(arg.at("config").at("keras_history"), where));
  } else if (arg.is_array()) {
    for (const json &a : arg)
      collectKerasTensors(a, out, where);
  }
}

/// One inbound node: Keras 3 writes {args, kwargs}, Keras 2 a list of [name, node, tensor, kwargs].
LayerCall readCall(const json &node, int index, const std::string &where) {
  LayerCall call;
  call.node = index;
  if (node.is_object()) { // Keras 3
    collectKerasTensors(node.value("args", json::array()), call.inputs, where);
    call.kwargs = node.value("kwargs", json::object());
    return call;
  }
  if (!node.is_array())
    malformed(where + ": expected a list or an object per node");
  for (const json &ref : node) {
    call.inputs.push_back(tensorRef(ref, where));
    if (ref.size() > 3 && ref[3].is_object())
      call.kwargs = ref[3];
  }
  return call;
}

void readInboundNodes(KerasLayer &layer, const json &nodes) {
  if (!nodes.is_array())
    malformed("inbound_nodes of '" + layer.name + "' must be a list");
  for (size_t i = 0; i < nodes.size(); ++i)
    layer.calls.push_back(readCall(nodes[i], int(i), "inbound_nodes of '" + layer.name + "'"));
}

/// One entry of a model's "layers" list: class, name and config, checked for a name unique within the model.
KerasLayer readLayer(const json &l, const std::string &modelName, std::set<std::string> &seen) {
  KerasLayer layer;
  layer.className = l.value("class_name", "");
  layer.config = l.value("config", json::object());
  layer.name = l.value("name", layer.config.value("name", ""));
  if (layer.name.empty() || layer.className.empty())
    malformed("a layer of model '" + modelName + "' has no name or class_name");
  if (!seen.insert(layer.name).second)
    malformed("layer name '" + layer.name + "' appears twice in model '" + modelName + "'");
  return layer;
}

} // namespace

bool isNestedModelClass(const std::string &className) {
  return className == "Functional" || className == "Model" || className == "Sequential";
}

namespace {

/// A Sequential model as the functional graph it is: each layer reads the one before. Keras 3 writes the
/// InputLayer as the first layer; Keras 2 puts `batch_input_shape` on the first layer instead, and Keras named the
/// implicit input "<first layer>_input".
KerasModel parseSequential(const json &modelConfig) {
  const json &config = modelConfig["config"];
  KerasModel model;
  model.name = config.value("name", modelConfig.value("name", "sequential"));
  model.trainable = config.value("trainable", true);
  if (!config.contains("layers") || !config["layers"].is_array() || config["layers"].empty())
    malformed("Sequential model '" + model.name + "' has no layers");
  const json &layers = config["layers"];
  if (layers[0].value("class_name", "") != "InputLayer") {
    const json &first = layers[0].value("config", json::object());
    json shape = first.value("batch_input_shape", config.value("build_input_shape", json(nullptr)));
    if (shape.is_null())
      malformed("Sequential model '" + model.name + "' states no input shape (batch_input_shape)");
    KerasLayer input;
    input.className = "InputLayer";
    input.name = first.value("name", model.name) + "_input";
    input.config = {{"name", input.name}, {"batch_input_shape", shape}};
    model.layers.push_back(std::move(input));
  }
  std::set<std::string> seen;
  for (const json &l : layers) {
    KerasLayer layer = readLayer(l, model.name, seen);
    if (!model.layers.empty())
      layer.calls = {LayerCall{0, {{model.layers.back().name, 0, 0}}, json::object()}};
    if (isNestedModelClass(layer.className))
      layer.nested = std::make_unique<KerasModel>(parseKerasModel(l));
    model.layers.push_back(std::move(layer));
  }
  model.inputs = {{model.layers.front().name, 0, 0}};
  model.outputs = {{model.layers.back().name, 0, 0}};
  return model;
}

} // namespace

const LayerCall *KerasLayer::call(int node) const {
  for (const LayerCall &c : calls)
    if (c.node == node)
      return &c;
  return nullptr;
}

const KerasLayer *KerasModel::find(const std::string &layer) const {
  for (const KerasLayer &l : layers)
    if (l.name == layer)
      return &l;
  return nullptr;
}

KerasModel parseKerasModel(const json &modelConfig) {
  if (!modelConfig.is_object() || !modelConfig.contains("config") || !modelConfig["config"].is_object())
    malformed("expected {class_name, config} for a model");
  std::string className = modelConfig.value("class_name", "");
  if (!isNestedModelClass(className))
    throw std::runtime_error("the model is a '" + className +
                             "'; only Functional/Model and Sequential models can be imported");
  if (className == "Sequential")
    return parseSequential(modelConfig);
  const json &config = modelConfig["config"];
  KerasModel model;
  model.name = config.value("name", modelConfig.value("name", "model"));
  model.trainable = config.value("trainable", true);
  if (!config.contains("layers") || !config["layers"].is_array())
    malformed("model '" + model.name + "' has no layers list");
  std::set<std::string> seen;
  for (const json &l : config["layers"]) {
    KerasLayer layer = readLayer(l, model.name, seen);
    readInboundNodes(layer, l.value("inbound_nodes", json::array()));
    if (isNestedModelClass(layer.className))
      layer.nested = std::make_unique<KerasModel>(parseKerasModel(l));
    model.layers.push_back(std::move(layer));
  }
  model.inputs = tensorList(config.value("input_layers", json::array()), "input_layers of '" + model.name + "'");
  model.outputs = tensorList(config.value("output_layers", json::array()), "output_layers of '" + model.name + "'");
  for (const auto *refs : {&model.inputs, &model.outputs})
    for (const TensorRef &r : *refs)
      if (!seen.count(r.layer))
        malformed("model '" + model.name + "' names an unknown layer '" + r.layer + "' as input or output");
  for (const KerasLayer &layer : model.layers)
    for (const LayerCall &call : layer.calls)
      for (const TensorRef &r : call.inputs)
        if (!seen.count(r.layer))
          malformed("layer '" + layer.name + "' reads the unknown layer '" + r.layer + "'");
  return model;
}

KerasGraph parseKerasDocument(const json &document) {
  if (!document.is_object())
    malformed("the document is not a JSON object");
  KerasGraph graph;
  const json *modelConfig = &document;
  auto setCompile = [&](const json &holder, const char *key) {
    if (holder.contains(key) && holder[key].is_object())
      graph.compileConfig = holder[key];
  };
  if (document.contains("modelTopology")) { // TensorFlow.js layers model.json
    const json &topology = document["modelTopology"];
    modelConfig = topology.contains("model_config") ? &topology["model_config"] : &topology;
    setCompile(topology, "training_config");
    setCompile(document, "trainingConfig");
  } else if (document.contains("model_config")) {
    modelConfig = &document["model_config"];
    setCompile(document, "training_config");
  } else {
    setCompile(document, "compile_config"); // Keras 3 config.json
  }
  graph.model = parseKerasModel(*modelConfig);
  return graph;
}

void cutModel(KerasModel &model, const std::vector<TensorRef> &outputs) {
  std::set<std::pair<std::string, int>> neededCalls; // (layer, node)
  std::set<std::string> neededLayers;
  std::function<void(const TensorRef &)> visit = [&](const TensorRef &r) {
    neededLayers.insert(r.layer);
    const KerasLayer *layer = model.find(r.layer);
    const LayerCall *call = layer ? layer->call(r.node) : nullptr;
    if (!call || !neededCalls.insert({r.layer, r.node}).second)
      return;
    for (const TensorRef &in : call->inputs)
      visit(in);
  };
  for (const TensorRef &r : outputs)
    visit(r);
  std::vector<KerasLayer> kept;
  for (KerasLayer &layer : model.layers) {
    if (!neededLayers.count(layer.name))
      continue;
    // A shared layer keeps only the calls the outputs need; node indices stay those of the file.
    auto unneeded = [&](const LayerCall &c) { return !neededCalls.count({layer.name, c.node}); };
    layer.calls.erase(std::remove_if(layer.calls.begin(), layer.calls.end(), unneeded), layer.calls.end());
    kept.push_back(std::move(layer));
  }
  model.layers = std::move(kept);
  std::vector<TensorRef> inputs;
  for (const TensorRef &r : model.inputs)
    if (neededLayers.count(r.layer))
      inputs.push_back(r);
  model.inputs = std::move(inputs);
  model.outputs = outputs;
}

} // namespace xcc
