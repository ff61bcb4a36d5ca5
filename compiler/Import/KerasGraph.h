// A Keras functional graph as read from its JSON config, before any MLIR is built.
//
// Keras 2 (`inbound_nodes: [[[name, node, tensor, kwargs]]]`) and Keras 3 (`inbound_nodes: [{args: [...
// {class_name: "__keras_tensor__", config: {keras_history: [name, node, tensor]}}], kwargs}]`) configs both
// become the same KerasModel, so the MLIR side never sees the format difference.
#ifndef XCC_IMPORT_KERASGRAPH_H
#define XCC_IMPORT_KERASGRAPH_H

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xcc {

/// A reference to one output tensor of one call of a layer: keras_history [layer, node index, tensor index].
struct TensorRef {
  std::string layer;
  int node = 0; ///< which call of `layer` (its position in the layer's inbound_nodes)
  int tensor = 0;
};

struct KerasModel;

/// One call of a layer: one entry of its inbound_nodes.
struct LayerCall {
  int node = 0;                  ///< its position in inbound_nodes, as TensorRef::node names it
  std::vector<TensorRef> inputs; ///< in argument order
  nlohmann::json kwargs;         ///< e.g. {"training": false} for base_model(x, training=False)
};

struct KerasLayer {
  std::string className;
  std::string name;
  nlohmann::json config;
  std::vector<LayerCall> calls;       ///< two or more make a shared layer (one set of weights); none for inputs
  std::unique_ptr<KerasModel> nested; ///< for Functional/Model layers
  bool trainable() const { return config.value("trainable", true); }
  const LayerCall *call(int node) const;
};

struct KerasModel {
  std::string name;
  bool trainable = true;
  std::vector<KerasLayer> layers; ///< topological, as Keras writes them
  std::vector<TensorRef> inputs, outputs;
  const KerasLayer *find(const std::string &layer) const;
};

/// The model graph plus the compile() arguments Keras saved with it, if any.
struct KerasGraph {
  KerasModel model;
  std::optional<nlohmann::json> compileConfig; ///< Keras 2 training_config or Keras 3 compile_config
};

/// Parses a Keras model config (`{class_name: "Functional"|"Model", config: {...}}`). Throws std::runtime_error
/// on a structurally malformed graph.
KerasModel parseKerasModel(const nlohmann::json &modelConfig);

/// Finds the model config in any of the JSON documents Keras or TF.js write: a tfjs model.json, a Keras 3
/// config.json or a full-model h5's model_config. `compile` is filled from training_config/compile_config.
KerasGraph parseKerasDocument(const nlohmann::json &document);

/// Keeps only the layers and calls `outputs` depend on (within `model`, not inside nested models) and makes them its
/// outputs.
void cutModel(KerasModel &model, const std::vector<TensorRef> &outputs);

/// Whether `className` is a nested functional model.
bool isNestedModelClass(const std::string &className);

} // namespace xcc

#endif // XCC_IMPORT_KERASGRAPH_H
