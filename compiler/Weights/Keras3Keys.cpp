#include "Weights/Keras3Keys.h"

#include "xnn/LayerCalls.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <cctype>
#include <functional>

using namespace mlir;
using namespace xnn;

namespace xcc {

std::string kerasSnakeCase(StringRef name) {
  // The two regex passes of keras.src.utils.naming.to_snake_case: "(.)([A-Z][a-z]+)" -> "\1_\2", then
  // "([a-z])([A-Z])" -> "\1_\2", then lower case.
  std::string s = name.str(), first;
  for (size_t i = 0; i < s.size(); ++i) {
    bool startsWord = i > 0 && std::isupper(static_cast<unsigned char>(s[i])) && i + 1 < s.size() &&
                      std::islower(static_cast<unsigned char>(s[i + 1]));
    if (startsWord)
      first += '_';
    first += s[i];
  }
  std::string second;
  for (size_t i = 0; i < first.size(); ++i) {
    if (i > 0 && std::islower(static_cast<unsigned char>(first[i - 1])) &&
        std::isupper(static_cast<unsigned char>(first[i])))
      second += '_';
    second += char(std::tolower(static_cast<unsigned char>(first[i])));
  }
  return second;
}

namespace {

/// One node of Keras's functional graph: a call of a layer (an xnn.input or layer op), or (op null) a sub-model's
/// block argument.
struct GraphNode {
  Operation *op = nullptr;
  unsigned argument = 0;
  int layer = 0;           ///< the Keras layer (operation) it calls: the calls of a shared layer have one
  SmallVector<int> inputs; ///< nodes whose outputs this call reads, in call (operand) order
  int depth = 0;
};

/// A Keras operation: index and depth belong to the layer, not to its calls.
struct GraphLayer {
  int node = 0;   ///< its first call in the body, which stands for it in the order
  int index = -1; ///< Keras's operation_indices: first visit of the walk from the outputs
  int depth = 0;
};

/// The body's graph: nodes in program order, layers keyed by Keras layer name.
struct FunctionalGraph {
  std::vector<GraphNode> nodes;
  std::vector<GraphLayer> layers;
  std::vector<int> inputs;    ///< the model's input nodes, in order
  SmallVector<Value> outputs; ///< what xnn.output / xnn.yield returns
  llvm::DenseMap<Value, int> producer;

  explicit FunctionalGraph(Block &block) {
    llvm::StringMap<int> layerOf;
    auto add = [&](GraphNode node, StringRef kerasName) {
      int id = int(nodes.size());
      auto [it, fresh] = layerOf.try_emplace(kerasName, int(layers.size()));
      if (kerasName.empty() || fresh) { // block arguments are unnamed, each its own layer
        node.layer = int(layers.size());
        layers.push_back({id});
      } else {
        node.layer = it->second;
      }
      nodes.push_back(std::move(node));
      return id;
    };
    for (BlockArgument arg : block.getArguments()) {
      int id = add({nullptr, arg.getArgNumber()}, "");
      producer[arg] = id;
      inputs.push_back(id);
    }
    for (Operation &op : block) {
      if (auto out = dyn_cast<OutputOp>(op))
        outputs.assign(out.getOutputs().begin(), out.getOutputs().end());
      if (auto yield = dyn_cast<YieldOp>(op))
        outputs.assign(yield.getOutputs().begin(), yield.getOutputs().end());
      if (!isa<InputOp, LayerOpInterface>(op))
        continue;
      GraphNode node{&op};
      // Parameters are not layers: only values made by layers (or inputs) are edges of Keras's graph.
      for (Value v : op.getOperands())
        if (auto it = producer.find(v); it != producer.end())
          node.inputs.push_back(it->second);
      auto layer = dyn_cast<LayerOpInterface>(op);
      int id = add(std::move(node), layer ? kerasLayerOf(layer) : cast<InputOp>(op).getLayer());
      if (isa<InputOp>(op))
        inputs.push_back(id);
      for (Value r : op.getResults())
        producer[r] = id;
    }
  }
};

} // namespace

std::vector<Operation *> kerasLayerOrder(Region &body, std::vector<unsigned> *arguments) {
  FunctionalGraph g(body.front());
  std::vector<GraphNode> &nodes = g.nodes;
  std::vector<GraphLayer> &layers = g.layers;

  // _build_map: depth-first from each output, numbering operations on the first visit of any of their calls,
  // listing nodes when finished.
  std::vector<int> finishedOrder;
  std::vector<char> finished(nodes.size(), 0);
  int counter = 0;
  std::function<void(int)> visit = [&](int n) {
    if (finished[n])
      return;
    if (layers[nodes[n].layer].index < 0)
      layers[nodes[n].layer].index = counter++;
    for (int in : nodes[n].inputs)
      visit(in);
    finished[n] = 1;
    finishedOrder.push_back(n);
  };
  for (Value v : g.outputs)
    if (auto it = g.producer.find(v); it != g.producer.end())
      visit(it->second);

  // map_graph: outputs have depth 0, a call's inputs are at least one deeper (its consumers come first in the
  // reversed finishing order), and a call is at least as deep as an earlier-placed call of its layer, whose
  // depth the layer takes. Inputs no output needs join at depth 0 with index -1.
  std::vector<int> listed;
  std::vector<char> placed(layers.size(), 0);
  for (int n : llvm::reverse(finishedOrder)) {
    GraphLayer &layer = layers[nodes[n].layer];
    nodes[n].depth = std::max(nodes[n].depth, layer.depth);
    layer.depth = nodes[n].depth;
    for (int in : nodes[n].inputs)
      nodes[in].depth = std::max(nodes[in].depth, nodes[n].depth + 1);
    if (!placed[nodes[n].layer]++)
      listed.push_back(nodes[n].layer);
  }
  for (int n : g.inputs)
    if (!finished[n])
      listed.push_back(nodes[n].layer);
  std::stable_sort(listed.begin(), listed.end(), [&](int a, int b) {
    if (layers[a].depth != layers[b].depth)
      return layers[a].depth > layers[b].depth;
    return layers[a].index < layers[b].index;
  });

  std::vector<Operation *> order;
  if (arguments)
    arguments->clear();
  for (int l : listed) {
    const GraphNode &node = nodes[layers[l].node];
    order.push_back(node.op);
    if (arguments && !node.op)
      arguments->push_back(node.argument);
  }
  return order;
}

namespace {

struct LayoutBuilder {
  Keras3Layout &out;

  /// `path`: the saveable path of the model whose body this is, plus "/" ("" for the outermost); `key`: the
  /// reader's layer-name prefix ("functional/"); `name`: the artifact's layer-name prefix ("xception/").
  void collect(Region &body, const std::string &path, const std::string &key, const std::string &name) {
    llvm::StringMap<std::vector<ParamOp>> paramsOf;
    for (ParamOp p : body.getOps<ParamOp>())
      paramsOf[p.getLayer()].push_back(p);
    // saving_lib._save_container_state: a counter per snake-cased class, in model.layers order.
    llvm::StringMap<int> used;
    auto next = [&](StringRef className) {
      std::string base = kerasSnakeCase(className);
      auto [it, fresh] = used.try_emplace(base, 0);
      if (!fresh)
        ++it->second;
      return it->second ? base + "_" + std::to_string(it->second) : base;
    };
    for (Operation *op : kerasLayerOrder(body)) {
      auto layer = op ? dyn_cast<LayerOpInterface>(op) : LayerOpInterface();
      std::string layerName = layer ? kerasLayerOf(layer).str()
                              : op  ? cast<InputOp>(op).getLayer().str()
                                    : std::string("input_layer"); // a nested model's Input, unnamed in xnn
      std::string k = next(layer ? layer.getKerasClass() : StringRef("InputLayer"));
      Keras3Saveable saveable{path + "layers/" + k, layerName};
      out.saveables.push_back(saveable);
      if (!layer)
        continue;
      // Variables in creation order: trainable-created ones (parameter order), then the non-trainable ones.
      std::vector<ParamOp> ordered;
      for (bool nonTrainable : {false, true})
        for (ParamOp p : paramsOf.lookup(layerName))
          if (p.getNonTrainable() == nonTrainable)
            ordered.push_back(p);
      for (auto [i, p] : llvm::enumerate(ordered))
        out.variables.push_back({p, key + k, unsigned(i), saveable.varsGroup() + "/" + std::to_string(i),
                                 name + layerName});
      if (auto sub = dyn_cast<SubmodelOp>(op))
        collect(sub.getBody(), saveable.path + "/", key + k + "/", name + layerName + "/");
    }
  }
};

} // namespace

Keras3Layout keras3Layout(ModelOp model) {
  Keras3Layout layout;
  layout.saveables.push_back({"", model.getSymName().str()});
  LayoutBuilder{layout}.collect(model.getBody(), "", "", "");
  return layout;
}

std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> keras3WeightKeys(ModelOp model) {
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> keys;
  for (Keras3Variable &v : keras3Layout(model).variables)
    keys[{v.param.getLayer().str(), v.param.getWeight().str()}] = {v.key, std::to_string(v.index)};
  return keys;
}

} // namespace xcc
