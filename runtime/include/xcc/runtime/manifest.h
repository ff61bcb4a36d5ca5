//===- manifest.h - what a compiled artifact says about itself --*- C++ -*-===//
//
// The runtime side of compiler/Lowering/Manifest.cpp: `xcc compile` embeds manifest.json in the artifact's entry
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
  /// A Keras initializer name ("glorot_uniform"), or "weights" when the first value is read from a weights file
  /// under sourceLayer/sourceWeight.
  std::string init;
  uint64_t seed = 0;
  std::string sourceLayer, sourceWeight;
  int64_t numElements() const;
};

struct Manifest {
  std::string model, phase, function, target;
  TensorSpec input, output;
  std::vector<ParameterSpec> parameters; ///< in the generated function's argument order
  std::string frozenHash;
};

/// Parses manifest.json text; throws RuntimeError naming the missing or malformed field.
Manifest parseManifest(const std::string &json);

} // namespace xcc::rt

#endif // XCC_RUNTIME_MANIFEST_H
