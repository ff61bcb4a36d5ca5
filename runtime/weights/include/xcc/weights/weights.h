//===- weights.h - Read Keras-ecosystem weight files ------------*- C++ -*-===//
//
// One entry point, loadWeights(), turns a weight file a user brings into named
// float32 tensors. Shared by the compiler (frozen weights become constants)
// and the runtime, so it is plain C++17 with no compiler dependencies.
//
// Supported (format detected from magic bytes, then extension):
//   - Keras legacy HDF5: weights-only (`*_notop.h5`) and full-model files
//     (weights under `model_weights/`, graph in the `model_config` attribute).
//   - Keras 3 `.weights.h5`: `layers/<key>/vars/<i>`.
//   - Keras 3 `.keras`: zip of config.json + model.weights.h5.
//   - TensorFlow.js layers model: model.json (or its folder) + shard files.
//   - safetensors.
//
// Every failure is ONE WeightsError naming the file and the reason; a file is
// either loaded completely or not at all (the one exception, opted into with
// LoadOptions::allowMissingShards, lists what is absent in WeightFile::missing).
//
//===----------------------------------------------------------------------===//
#ifndef XCC_WEIGHTS_WEIGHTS_H
#define XCC_WEIGHTS_WEIGHTS_H

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace xcc::weights {

// Row-major float32 tensor in the file's own layout (Keras: channels-last,
// Conv2D [kh,kw,cin,cout], Dense [in,out]). A scalar has an empty shape.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  int64_t numel() const;
};

struct NamedWeight {
  // Full name in the file: the HDF5 dataset path ("block1_conv1/block1_conv1/
  // kernel:0", "layers/conv2d_1/vars/0"), the tfjs manifest name or the
  // safetensors key.
  std::string path;
  // Keras layer name (legacy h5: the layer group; tfjs/safetensors: the path
  // component before the weight). For Keras 3 files: the saving key path with
  // the "layers/" segments dropped, e.g. "conv2d_1", or "functional/conv2d_1"
  // for a layer of a nested model ("layers/functional/layers/conv2d_1"); ""
  // for the model's own top-level `vars`.
  std::string layer;
  // "kernel", "gamma", "moving_mean", ... (":0" suffix dropped). Keras 3 files
  // store no names: there it is the variable index "0", "1", ...
  std::string weight;
  Tensor value;
};

// A weight the file lists but whose bytes are absent (only with
// LoadOptions::allowMissingShards): no data, shape as declared.
struct MissingWeight {
  std::string path, layer, weight;
  std::vector<int64_t> shape;
  std::string reason; // e.g. "shard file .../group37-shard1of1 is missing"
};

enum class Format { LegacyH5, Keras3WeightsH5, KerasZip, TfjsLayers, Safetensors };
const char *formatName(Format format);

struct WeightFile {
  std::string sourcePath;
  Format format = Format::LegacyH5;
  // Layers in file order. Legacy h5: the `layer_names` attribute, weightless
  // layers included. Keras 3: HDF5 creation order when the file tracks it,
  // else keys in natural order ("conv2d", "conv2d_1", "conv2d_2", "conv2d_10")
  // -- the true model order is in config.json. tfjs/safetensors: order of
  // first appearance of each layer's weights.
  std::vector<std::string> layerOrder;
  std::vector<NamedWeight> weights; // file order
  std::vector<MissingWeight> missing;
  // The Keras graph JSON when the file carries one: legacy full-model
  // `model_config`, .keras `config.json`, tfjs `modelTopology.model_config`
  // (or `modelTopology` itself for models saved by TF.js).
  std::optional<std::string> modelConfigJson;
  /// Full-model legacy .h5 only: the root attribute `training_config` (Keras's saved compile()), when present.
  std::optional<std::string> trainingConfigJson;
  // A .keras archive without model.weights.h5, loaded with
  // LoadOptions::allowNoWeightsFile: `weights` is empty because there are none.
  bool noWeightsFile = false;
  // Parts of the file deliberately not read, with the reason (Keras 3:
  // optimizer and metric state outside `layers/`).
  std::vector<std::string> skipped;

  // The loaded weight, or nullptr (also for a MissingWeight).
  const NamedWeight *find(std::string_view layer, std::string_view weight) const;
  // All loaded weights of one layer, in file order.
  std::vector<const NamedWeight *> layerWeights(std::string_view layer) const;
  const MissingWeight *findMissing(std::string_view layer,
                                   std::string_view weight) const;
};

class WeightsError : public std::runtime_error {
public:
  WeightsError(const std::string &file, const std::string &reason);
  const std::string &file() const { return file_; }
  const std::string &reason() const { return reason_; }

private:
  std::string file_, reason_;
};

struct LoadOptions {
  // tfjs only: load what the present shards hold and list the weights of
  // absent shard files in WeightFile::missing instead of failing. Shards that
  // exist but have the wrong size are still an error.
  bool allowMissingShards = false;
  // Parse HDF5 in a forked child so that a libhdf5 crash or hang on a
  // malformed file becomes a WeightsError instead of killing the caller (see
  // src/isolate.cpp). It also keeps libhdf5 (not thread-safe in Debian's
  // build) out of this process, so loadWeights may run on several threads.
  // false: parse in-process (faster, ~0.4 s less per 84 MB; trusted files only).
  bool isolateHdf5 = true;
  // Upper bound on the isolated HDF5 parse; a hung libhdf5 is killed. 0: from the file's size, 10 s plus 1 s per
  // 10 MB: a read rate of 10 MB/s, far below a disk's, so a valid file finishes well within it while a small
  // bit-flipped file that makes libhdf5 spin costs seconds, not minutes. (A guess, not tuned by measurement.)
  int hdf5TimeoutSeconds = 0;
  // .keras only: an archive without model.weights.h5 loads as its graph
  // (config.json) with no weights, and WeightFile::noWeightsFile says so;
  // `xcc import` needs only the graph. Otherwise it is an error.
  bool allowNoWeightsFile = false;
};

// `path` is a file, or for tfjs also the folder holding model.json.
WeightFile loadWeights(const std::string &path, const LoadOptions &options = {});

// FNV-1a 64 of `size` bytes, as 16 hex digits: the runtime's one fingerprint
// (weights, file lists, what the ranks of a data-parallel job compare).
std::string bytesHash(const void *bytes, size_t size);

// bytesHash of the values' float32 bytes in memory order (little-endian on
// every target xcc runs on). Manifests record it for each weight taken from a
// file, so that the runtime can tell the file it is given from the one the
// artifact was compiled with.
std::string valuesHash(const std::vector<float> &values);

} // namespace xcc::weights

#endif // XCC_WEIGHTS_WEIGHTS_H
