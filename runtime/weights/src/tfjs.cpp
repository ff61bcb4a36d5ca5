//===- tfjs.cpp - TensorFlow.js layers models (model.json + shards) -------===//
//
// weightsManifest is a list of groups; a group's shard files concatenated hold
// its weights back to back, in manifest order, each stored as float32 or
// quantized (uint8/uint16: q * scale + min; float16). Shard sizes are checked
// against the manifest before anything is decoded.
//
//===----------------------------------------------------------------------===//
#include "common.h"
#include "json_util.h"
#include "readers.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace xcc::weights::detail {

namespace {

enum class Storage { F32, U8, U16, F16 };

struct ManifestWeight {
  std::string name;
  std::vector<int64_t> shape;
  int64_t numel;
  Storage storage;
  double scale = 1, min = 0; // uint8/uint16 dequantization
  uint64_t bytes;
};

ManifestWeight parseWeight(const std::string &file, const Json &j) {
  ManifestWeight w;
  w.name = jsonString(file, "weightsManifest entry", j, "name");
  if (w.name.empty())
    throw WeightsError(file, "weightsManifest has a weight with an empty name");
  std::string dtype = jsonString(file, "weight '" + w.name + "'", j, "dtype");
  if (!j.contains("shape"))
    throw WeightsError(file, "weight '" + w.name + "' has no shape");
  w.shape = jsonShape(file, w.name, j["shape"]);
  w.numel = checkedNumel(file, w.name, w.shape);
  if (dtype != "float32")
    throw WeightsError(file, "weight '" + w.name + "' has dtype " + dtype +
                                 "; only float32 weights are supported");
  w.storage = Storage::F32;
  size_t width = 4;
  if (j.contains("quantization")) {
    const Json &q = j["quantization"];
    std::string qd = jsonString(file, "quantization of '" + w.name + "'", q, "dtype");
    if (qd == "float16") {
      w.storage = Storage::F16;
      width = 2;
    } else if (qd == "uint8" || qd == "uint16") {
      w.storage = qd == "uint8" ? Storage::U8 : Storage::U16;
      width = qd == "uint8" ? 1 : 2;
      for (const char *key : {"scale", "min"})
        if (!q.contains(key) || !q[key].is_number() ||
            !std::isfinite(q[key].get<double>()))
          throw WeightsError(file, "quantization of '" + w.name + "' lacks a finite '" +
                                       key + "'");
      w.scale = q["scale"].get<double>();
      w.min = q["min"].get<double>();
    } else {
      throw WeightsError(file, "weight '" + w.name + "' uses unsupported quantization " + qd);
    }
  }
  w.bytes = uint64_t(w.numel) * width;
  return w;
}

std::vector<float> decodeWeight(const ManifestWeight &w, const uint8_t *p) {
  const size_t n = size_t(w.numel);
  switch (w.storage) {
  case Storage::F32:
    return decodeFloats(DType::F32, p, n);
  case Storage::F16:
    return decodeFloats(DType::F16, p, n);
  case Storage::U8:
  case Storage::U16: {
    // TF.js computes q * scale + min in double and rounds once to float32.
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) {
      unsigned q = w.storage == Storage::U8 ? p[i] : unsigned(p[2 * i] | (p[2 * i + 1] << 8));
      out[i] = float(double(q) * w.scale + w.min);
    }
    return out;
  }
  }
  return {};
}

// Shard paths are relative to model.json; one that climbs out of the folder
// or is absolute is refused rather than read.
fs::path shardPath(const std::string &file, const fs::path &dir, const std::string &rel) {
  fs::path p(rel);
  if (rel.empty() || p.is_absolute())
    throw WeightsError(file, "shard path '" + rel + "' is not a relative file name");
  for (const fs::path &part : p)
    if (part == "..")
      throw WeightsError(file, "shard path '" + rel + "' leaves the model folder");
  return dir / p;
}

std::string describeWeights(const std::vector<ManifestWeight> &ws) {
  std::string s;
  for (size_t i = 0; i < ws.size() && i < 4; ++i)
    s += (i ? ", " : "") + ws[i].name + " " + shapeString(ws[i].shape);
  if (ws.size() > 4)
    s += ", ... (" + std::to_string(ws.size()) + " weights)";
  return s;
}

} // namespace

WeightFile readTfjs(const std::string &modelJsonPath, const LoadOptions &options) {
  const std::string &file = modelJsonPath;
  std::vector<uint8_t> text = readFileBytes(file, file);
  const char *b = reinterpret_cast<const char *>(text.data());
  Json model = parseJson(file, "model.json", b, b + text.size());
  if (!model.is_object())
    throw WeightsError(file, "model.json is not a JSON object");
  if (model.contains("format") && model["format"] == "graph-model")
    throw WeightsError(file, "this is a TensorFlow.js graph model, not a layers model");

  WeightFile wf;
  wf.sourcePath = file;
  wf.format = Format::TfjsLayers;
  if (model.contains("modelTopology") && model["modelTopology"].is_object()) {
    const Json &topo = model["modelTopology"];
    wf.modelConfigJson = topo.contains("model_config") ? topo["model_config"].dump()
                                                       : topo.dump();
  }
  if (!model.contains("weightsManifest") || !model["weightsManifest"].is_array())
    throw WeightsError(file, "model.json has no weightsManifest array");

  const fs::path dir = fs::path(file).parent_path();
  const Json &manifest = model["weightsManifest"];
  std::vector<std::string> layersInOrder;
  for (size_t g = 0; g < manifest.size(); ++g) {
    const Json &group = manifest[g];
    const std::string where = "weights group " + std::to_string(g + 1) + " of " +
                              std::to_string(manifest.size());
    if (!group.is_object() || !group.contains("paths") || !group["paths"].is_array() ||
        group["paths"].empty() || !group.contains("weights") ||
        !group["weights"].is_array())
      throw WeightsError(file, where + " lacks 'paths' or 'weights'");
    std::vector<ManifestWeight> ws;
    uint64_t needed = 0;
    for (const Json &j : group["weights"]) {
      ws.push_back(parseWeight(file, j));
      needed += ws.back().bytes;
      layersInOrder.push_back(splitWeightName(ws.back().name).layer);
    }

    std::vector<fs::path> shards;
    std::string absent;
    uint64_t present = 0;
    for (const Json &p : group["paths"]) {
      if (!p.is_string())
        throw WeightsError(file, where + ": a shard path is not a string");
      shards.push_back(shardPath(file, dir, p.get<std::string>()));
      std::error_code ec;
      if (!fs::is_regular_file(shards.back(), ec)) {
        absent += (absent.empty() ? "" : ", ") + shards.back().string();
        continue;
      }
      present += fs::file_size(shards.back(), ec);
    }
    if (!absent.empty()) {
      std::string reason = "shard file " + absent + " is missing";
      if (!options.allowMissingShards)
        throw WeightsError(file, reason + " (" + where + ": " + describeWeights(ws) +
                                     "); LoadOptions::allowMissingShards loads the rest");
      for (const ManifestWeight &w : ws) {
        SplitName sn = splitWeightName(w.name);
        wf.missing.push_back({w.name, sn.layer, sn.weight, w.shape, reason});
      }
      continue;
    }
    if (present != needed)
      throw WeightsError(file, where + ": shard files hold " + std::to_string(present) +
                                   " bytes but the manifest needs " +
                                   std::to_string(needed) + " (" + describeWeights(ws) +
                                   "); shard " + (present < needed ? "truncated" : "too long"));

    std::vector<uint8_t> data;
    data.reserve(size_t(needed));
    for (const fs::path &s : shards) {
      std::vector<uint8_t> part = readFileBytes(s.string(), file);
      data.insert(data.end(), part.begin(), part.end());
    }
    if (data.size() != needed) // the files changed while we read them
      throw WeightsError(file, where + ": shard sizes changed while reading");
    uint64_t offset = 0;
    for (const ManifestWeight &w : ws) {
      SplitName sn = splitWeightName(w.name);
      NamedWeight nw{w.name, sn.layer, sn.weight, {w.shape, decodeWeight(w, data.data() + offset)}};
      checkFinite(file, w.name, nw.value.data);
      wf.weights.push_back(std::move(nw));
      offset += w.bytes;
    }
  }
  wf.layerOrder = firstAppearanceOrder(layersInOrder);
  return wf;
}

} // namespace xcc::weights::detail
