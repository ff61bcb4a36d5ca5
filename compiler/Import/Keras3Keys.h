// Where Keras 3 stores a layer's weights: `.weights.h5` and `.keras` files name layers not by their names but by
// their class and position (`layers/conv2d_1/vars/0`), so matching needs the model's structure.
#ifndef XCC_IMPORT_KERAS3KEYS_H
#define XCC_IMPORT_KERAS3KEYS_H

#include "xnn/Xnn.h"

#include <map>
#include <string>
#include <utility>

namespace xcc {

/// Keras's naming.to_snake_case: "Conv2D" -> "conv2d", "BatchNormalization" -> "batch_normalization",
/// "ReLU" -> "re_lu".
std::string kerasSnakeCase(llvm::StringRef className);

/// For every parameter of `model` (layer name, weight name): the Keras 3 key of its layer ("conv2d_1", nested
/// models as "functional/conv2d_1") and its variable index. Keras 3 (saving_lib._save_container_state) names each
/// layer of a model by its snake-cased class and a counter per class in layer order, and stores a layer's
/// variables as trainable-created first, then non-trainable (BatchNormalization: gamma, beta, moving_mean,
/// moving_variance), numbered from 0.
std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> keras3WeightKeys(xnn::ModelOp model);

} // namespace xcc

#endif // XCC_IMPORT_KERAS3KEYS_H
