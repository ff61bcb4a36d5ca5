#include "xcc/runtime/model.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/generated_memory.h"
#include "xcc/runtime/initializers.h"

#include <algorithm>
#include <limits>
#include <string>

namespace xcc::rt {
namespace {

std::string describe(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + (shape[i] < 0 ? std::string("None") : std::to_string(shape[i]));
  return s + ")";
}

/// A host buffer over `data` with Keras shape `shape`: Halide's dimension 0 is Keras's last axis.
struct HostBuffer {
  std::vector<xcc_dimension_t> dims;
  xcc_buffer_t buffer{};

  HostBuffer(const std::vector<int64_t> &shape, const float *data) : dims(shape.size()) {
    int64_t stride = 1;
    for (size_t i = 0; i < shape.size(); ++i) {
      int64_t extent = shape[shape.size() - 1 - i];
      dims[i] = {0, int32_t(extent), int32_t(stride), 0};
      stride *= extent;
    }
    buffer.host = reinterpret_cast<uint8_t *>(const_cast<float *>(data)); // inputs are only read
    buffer.type = {XCC_TYPE_FLOAT, 32, 1};
    buffer.dimensions = int32_t(shape.size());
    buffer.dim = dims.data();
  }
};

// The runtime's halide_malloc (generated_memory.cpp) replaces the weak default inside each generated library only
// if its object file is linked, and the linker takes a static library's member only when something refers to
// it. This reference makes every program that runs a Model use it.
[[maybe_unused]] __attribute__((used)) GeneratedMemoryStats (*const kLinkGeneratedMemory)() = &generatedMemoryStats;

} // namespace

Model::Model(const xcc_artifact *artifact) : artifact_(artifact) {
  if (!artifact || !artifact->manifest_json || !artifact->forward_argv)
    throw RuntimeError("invalid artifact: no manifest or no forward function");
  manifest_ = parseManifest(artifact->manifest_json);
  if (manifest_.input.shape.size() != 4)
    throw RuntimeError("model '" + manifest_.model + "' takes input " + describe(manifest_.input.shape) +
                       "; the runtime feeds images (batch, height, width, channels)");
  for (const ParameterSpec &p : manifest_.parameters)
    values_.push_back(p.init == "weights" ? std::vector<float>() : initialValues(p.init, p.weight, p.shape, p.seed));
}

void Model::setParameter(size_t i, std::vector<float> values) {
  const ParameterSpec &p = manifest_.parameters.at(i);
  if (int64_t(values.size()) != p.numElements())
    throw RuntimeError("parameter '" + p.layer + "/" + p.weight + "' of shape " + describe(p.shape) + " needs " +
                       std::to_string(p.numElements()) + " values, got " + std::to_string(values.size()));
  values_[i] = std::move(values);
}

std::vector<float> Model::predict(const std::vector<float> &input) const {
  int64_t per = manifest_.input.valuesPerSample();
  if (input.empty() || int64_t(input.size()) % per != 0)
    throw RuntimeError("model '" + manifest_.model + "' takes images of shape " + describe(manifest_.input.shape) +
                       " (" + std::to_string(per) + " values each); got " + std::to_string(input.size()) +
                       " values, not a whole number of images");
  return predict(input.data(), int64_t(input.size()) / per);
}

std::vector<float> Model::predict(const float *batchNHWC, int64_t batch) const {
  // Halide extents and strides are int32: the whole batch must be addressable with them.
  int64_t limit = std::numeric_limits<int32_t>::max() / std::max<int64_t>(
      1, std::max(manifest_.input.valuesPerSample(), manifest_.output.valuesPerSample()));
  if (batch < 1 || batch > limit)
    throw RuntimeError("batch size " + std::to_string(batch) + " is out of range (1 to " + std::to_string(limit) + ")");
  if (!batchNHWC)
    throw RuntimeError("predict: no input data");
  for (size_t i = 0; i < values_.size(); ++i)
    if (values_[i].empty()) {
      const ParameterSpec &p = manifest_.parameters[i];
      throw RuntimeError("parameter '" + p.layer + "/" + p.weight + "' comes from the weights file (as '" +
                         p.sourceLayer + "/" + p.sourceWeight + "') and has no value: loading weights into the runtime "
                         "is not implemented yet; set it with Model::setParameter");
    }

  std::vector<int64_t> inShape = manifest_.input.shape, outShape = manifest_.output.shape;
  inShape[0] = outShape[0] = batch;
  std::vector<float> out(size_t(batch * manifest_.output.valuesPerSample()));
  std::vector<HostBuffer> buffers;
  buffers.reserve(values_.size() + 2);
  buffers.emplace_back(inShape, batchNHWC);
  for (size_t i = 0; i < values_.size(); ++i)
    buffers.emplace_back(manifest_.parameters[i].shape, values_[i].data());
  buffers.emplace_back(outShape, out.data());
  std::vector<void *> args;
  for (HostBuffer &b : buffers)
    args.push_back(&b.buffer);
  if (int rc = artifact_->forward_argv(args.data()); rc != 0)
    throw RuntimeError("generated function '" + manifest_.function + "' failed with code " + std::to_string(rc) +
                       " (a Halide error code; its message went to stderr)");
  return out;
}

} // namespace xcc::rt
