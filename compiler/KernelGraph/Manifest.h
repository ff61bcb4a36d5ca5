// manifest.json of a compiled artifact: what the runtime needs to feed it and to check checkpoints against it.
#ifndef XCC_KERNELGRAPH_MANIFEST_H
#define XCC_KERNELGRAPH_MANIFEST_H

#include "KernelGraph/KernelGraph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace xcc {

/// One variable of the Keras model, as Keras 3's save_weights writes it, and where its first value comes from.
/// The compiler knows this before any pass (Weights/ModelVariables.h); the runtime needs it to load a weights file
/// into trainable parameters, to check that a checkpoint matches the baked constants, and to export weights.
struct VariableInfo {
  std::string path;          ///< Keras 3 dataset path: "layers/functional/layers/conv2d/vars/0"
  std::string layer, weight; ///< as the manifest's "parameters" name it (nested layers "xception/conv2d")
  std::vector<int64_t> shape;
  enum class From { Weights, Initializer, RandomWeights, Nothing } from = From::Nothing;
  std::string keyLayer, keyWeight; ///< Weights: the entry in the weights file (its own layer/weight names)
  std::string initializer;         ///< Initializer: the Keras name
  uint64_t seed = 0;               ///< Initializer, RandomWeights: the stream
  std::string hash;                ///< of the first value (xcc::weights::valuesHash); "" when Nothing
};

/// A Keras 3 `vars` group (one per layer, weightless ones too, and per model), with the `name` Keras gives it.
struct VariableGroupInfo {
  std::string path, name;
};

struct ModelVariables {
  std::vector<VariableGroupInfo> groups;  ///< in Keras's save order
  std::vector<VariableInfo> variables;    ///< in Keras's save order
};

struct ArtifactInfo {
  std::string model, phase, function, target;
  std::string trainFunction; ///< empty for the inference phase
  /// The frozen prefix's output, when the train step is split there (KernelGraph/FrozenPrefix.h): what the runtime
  /// may cache per image. Empty layer: no split.
  std::string featuresLayer;
  std::vector<int64_t> featuresShape;
  /// How this variant's GEMMs multiply: "float32", or "bf16_dot" (mixed_bfloat16 on bf16 dot products). Empty
  /// when nothing was compiled (--emit=manifest): the manifest then says only the policy.
  std::string matmul;
};

/// Hash (FNV-1a 64, hex) of every constant baked into the code: names, shapes and bytes, in graph order.
std::string frozenWeightsHash(const kg::Graph &graph);

/// The manifest as JSON text: input/output shapes, trainable parameters in argument order (each with its first
/// value's source: "init" an initializer name plus "seed", "random_weights" plus "seed", or "weights" plus
/// "source" and, when compiled with a weights file, the entry's "key" and "hash"), the frozen hash.
/// `train`, the graph of the phase's train step, adds the "train" section: loss, optimizer and its defaults,
/// metrics, optimizer slots and the train step's argument order. `variables` adds "variables" (every Keras
/// variable in save order with its source: a parameter index or a frozen value's origin and hash),
/// "variable_groups" and "frozen_sources" (layer, weight and hash of every frozen variable's unfolded value).
/// A split frozen prefix adds "features" (its output layer and shape).
std::string manifestJson(const kg::Graph &graph, const ArtifactInfo &info, const kg::Graph *train = nullptr,
                         const ModelVariables *variables = nullptr);

} // namespace xcc

#endif // XCC_KERNELGRAPH_MANIFEST_H
