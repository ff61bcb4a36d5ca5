//===- manifest.h - what a compiled artifact says about itself --*- C++ -*-===//
//
// The runtime side of compiler/KernelGraph/Manifest.cpp: `xcc compile` embeds manifest.json in the artifact's entry
// point, and the runtime reads from it how to feed the generated function.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_MANIFEST_H
#define XCC_RUNTIME_MANIFEST_H

#include <cstdint>
#include <string>
#include <vector>

namespace xcc::rt {

/// A Keras-layout tensor; -1 marks the batch dimension.
struct TensorSpec {
  std::string layer;
  std::vector<int64_t> shape;
  /// Values per sample: the product of the dimensions after the first (the batch).
  int64_t valuesPerSample() const;
};

/// One trainable parameter, a runtime argument of the generated function.
struct ParameterSpec {
  std::string layer, weight;
  std::vector<int64_t> shape;
  /// A Keras initializer name ("glorot_uniform"), "random_weights" or "random_he" (xcc compile --random-weights
  /// with --random-style spread or he; --random-style keras writes Keras initializer names: the runtime
  /// makes the same values, see initializers.h), or "weights" when the first value is read from a weights file
  /// under sourceLayer/sourceWeight.
  std::string init;
  uint64_t seed = 0;
  std::string sourceLayer, sourceWeight;
  /// init "weights", compiled with a weights file: the entry the compiler matched (the file's own names: the
  /// legacy layer "conv2d_2", or the Keras 3 key "functional/conv2d" and index "0") and the hash of its values
  /// (xcc::weights::valuesHash). Empty when compiled without a file. `hash` is also set for the other inits.
  std::string keyLayer, keyWeight, hash;
  int64_t numElements() const;
};

/// A Keras 3 `vars` group as model.save_weights() writes it: one per model and per layer, weightless ones too.
struct VariableGroup {
  std::string path; ///< "vars", "layers/dense/vars", "layers/functional/layers/conv2d/vars"
  std::string name; ///< the Keras name of the model or layer (the group's `name` attribute)
};

/// One variable of the Keras model (trainable, frozen or a BatchNormalization statistic), in Keras 3's save
/// order, and where its value comes from.
struct VariableSpec {
  std::string path;          ///< Keras 3 dataset path, "layers/functional/layers/conv2d/vars/0"
  std::string layer, weight; ///< named as in `parameters` (nested layers "xception/block1_conv1")
  std::vector<int64_t> shape;
  /// "parameter": trainable, the value is parameters[parameter]'s. Baked into the code: "weights" (the entry
  /// keyLayer/keyWeight of the weights file the artifact was compiled with), "initializer" (init, seed),
  /// "random_weights" (seed), or "nothing" (unknown; only in artifacts that bake no such variable).
  std::string from;
  size_t parameter = 0;
  std::string keyLayer, keyWeight, init;
  uint64_t seed = 0;
  std::string hash; ///< of the first value (a baked one: before folding); "" when unknown
  int64_t numElements() const;
};

/// A frozen variable's value before folding, by hash: the constants baked into an artifact are these, so a
/// checkpoint of an earlier phase fits this artifact only if its values of these variables hash the same.
struct FrozenSource {
  std::string layer, weight, hash;
};

/// A metric the generated train step counts (correct predictions per batch).
struct MetricSpec {
  std::string name; ///< "binary_accuracy" or "sparse_categorical_accuracy" (Keras's names, used in logs)
  double threshold = 0.5; ///< binary_accuracy only
};

/// What the train step of a training phase computes; absent for the inference phase.
struct TrainSpec {
  std::string function;
  std::string loss; ///< "binary_crossentropy" or "sparse_categorical_crossentropy"
  bool fromLogits = true;
  std::string optimizer; ///< "adam" or "sgd"
  double learningRate = 0;
  std::vector<std::string> slots; ///< per-parameter optimizer state ("m", "v"; "momentum"), in argument order
  std::vector<MetricSpec> metrics;
};

/// What `fit`, `info` and the benchmarks print of how an artifact computes: its policy, and for mixed_bfloat16
/// where its matrix work runs.
struct Manifest;
std::string describeCompute(const Manifest &m);

struct Manifest {
  std::string model, phase, function, target;
  /// Keras's mixed-precision policy ("float32", "mixed_bfloat16") and how this variant's GEMMs multiply:
  /// "float32", or "bf16_dot" (bfloat16 pairs on AVX-512 bf16 dot products, float32 accumulation).
  std::string dtypePolicy = "float32", matmul = "float32";
  TensorSpec input, output;
  /// The frozen prefix's output, fixed per image for the whole phase (abi.h): empty shape when the artifact has
  /// no split prefix.
  TensorSpec features;
  std::vector<ParameterSpec> parameters; ///< in the generated function's argument order
  std::string frozenHash;
  bool hasTrain = false;
  TrainSpec train;
  /// Every Keras variable in save order, and the `vars` groups (empty in manifests written before they were
  /// recorded): what exportKerasWeights writes (model_weights.h).
  std::vector<VariableGroup> variableGroups;
  std::vector<VariableSpec> variables;
  std::vector<FrozenSource> frozenSources;
};

/// Parses manifest.json text; throws RuntimeError naming the missing or malformed field.
Manifest parseManifest(const std::string &json);

} // namespace xcc::rt

#endif // XCC_RUNTIME_MANIFEST_H
