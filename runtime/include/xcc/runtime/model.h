//===- model.h - a compiled model, ready to run -----------------*- C++ -*-===//
//
// Model wraps one artifact (xcc_artifact, see abi.h): it reads the embedded manifest, owns the values of the
// trainable parameters (the frozen ones are baked into the code) and calls the generated forward with
// Keras-layout float32 tensors.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_MODEL_H
#define XCC_RUNTIME_MODEL_H

#include "xcc/runtime/abi.h"
#include "xcc/runtime/manifest.h"

#include <cstdint>
#include <vector>

namespace xcc::rt {

class Model {
public:
  /// Parses the manifest and gives every parameter with an initializer its first value (Keras distributions,
  /// xcc's seeded stream). Parameters that come from a weights file stay unset until setParameter: loading
  /// weights files into the runtime is not implemented yet. Throws RuntimeError on a malformed manifest.
  explicit Model(const xcc_artifact *artifact);

  const Manifest &manifest() const { return manifest_; }
  /// Input image size, from the input shape [batch, height, width, channels].
  int64_t height() const { return manifest_.input.shape.at(1); }
  int64_t width() const { return manifest_.input.shape.at(2); }
  int64_t channels() const { return manifest_.input.shape.at(3); }
  int64_t outputsPerSample() const { return manifest_.output.valuesPerSample(); }

  const std::vector<float> &parameter(size_t i) const { return values_.at(i); }
  /// Replaces parameter `i`'s values (row-major, Keras layout); throws RuntimeError on a size mismatch.
  void setParameter(size_t i, std::vector<float> values);

  /// Runs the forward pass on `batch` images, row-major NHWC; returns batch × outputsPerSample() values.
  /// Throws RuntimeError when a parameter has no value, the batch is out of range, or the generated code fails.
  std::vector<float> predict(const float *batchNHWC, int64_t batch) const;
  /// The same, checking that `input` holds whole images of the model's input size.
  std::vector<float> predict(const std::vector<float> &input) const;

private:
  const xcc_artifact *artifact_;
  Manifest manifest_;
  std::vector<std::vector<float>> values_; ///< empty: not set yet (comes from a weights file)
};

} // namespace xcc::rt

#endif // XCC_RUNTIME_MODEL_H
