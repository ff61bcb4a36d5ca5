// Where Keras 3 stores a layer's weights: `.weights.h5` and `.keras` files name layers not by their names but by
// their class and position (`layers/conv2d_1/vars/0`), so matching needs the model's structure, in Keras's order.
#ifndef XCC_WEIGHTS_KERAS3KEYS_H
#define XCC_WEIGHTS_KERAS3KEYS_H

#include "xnn/Xnn.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace xcc {

/// Keras's naming.to_snake_case: "Conv2D" -> "conv2d", "BatchNormalization" -> "batch_normalization",
/// "ReLU" -> "re_lu".
std::string kerasSnakeCase(llvm::StringRef className);

/// Keras's `model.layers` order for the layers of one model body (a ModelOp's or a SubmodelOp's region), as
/// keras/src/ops/function.py map_graph builds it: layers sorted by depth (the longest path to an output),
/// deepest first, ties in the order a depth-first walk from the outputs (inputs in call order) first reaches
/// them. Layers that no output depends on are not part of a Keras model and are left out; unused inputs come
/// with depth 0. An entry is an xnn.input or a layer op, or null for a sub-model's block argument (the nested
/// model's own InputLayer); `arguments` gives the block argument of each null entry.
std::vector<mlir::Operation *> kerasLayerOrder(mlir::Region &body, std::vector<unsigned> *arguments = nullptr);

/// One saveable of a Keras 3 weights file (the model, a layer, a nested model): where its `vars` group is.
struct Keras3Saveable {
  std::string path; ///< "" (the model itself), "layers/conv2d_1", "layers/functional/layers/conv2d"
  std::string name; ///< its Keras name (the model's symbol, the layer's name; "input_layer" for a nested input)
  std::string varsGroup() const { return path.empty() ? "vars" : path + "/vars"; }
};

/// One parameter as a Keras 3 variable.
struct Keras3Variable {
  xnn::ParamOp param;
  std::string key;   ///< the weights reader's layer name for it: "conv2d_1", "functional/conv2d"
  unsigned index;    ///< its position in the layer's vars
  std::string path;  ///< "layers/functional/layers/conv2d/vars/0"
  std::string layer; ///< its layer as compiled artifacts name it: nested models prefix it ("xception/conv2d")
};

/// Everything Keras 3's saving_lib writes for `model` (save_weights without an optimizer), in its order:
/// the model's own `vars`, then each layer of model.layers (weightless ones too), a nested model's own `vars`
/// followed by its layers. A layer's variables are numbered trainable-created first, then non-trainable
/// (BatchNormalization: gamma, beta, moving_mean, moving_variance), each in creation (parameter) order.
struct Keras3Layout {
  std::vector<Keras3Saveable> saveables;
  std::vector<Keras3Variable> variables;
};
Keras3Layout keras3Layout(xnn::ModelOp model);

/// For every parameter of `model` (layer name, weight name): its Keras 3 key ("conv2d_1", nested models as
/// "functional/conv2d_1") and variable index, from keras3Layout.
std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> keras3WeightKeys(xnn::ModelOp model);

} // namespace xcc

#endif // XCC_WEIGHTS_KERAS3KEYS_H
