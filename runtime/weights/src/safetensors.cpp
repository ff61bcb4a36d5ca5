//===- safetensors.cpp - safetensors files ---------------------------------===//
//
// u64 little-endian header length, JSON header {name: {dtype, shape,
// data_offsets: [begin, end]}} (+ optional __metadata__), then the data.
// Offsets are relative to the end of the header and checked against the file
// and against each other before anything is decoded.
//
//===----------------------------------------------------------------------===//
#include "common.h"
#include "json_util.h"
#include "readers.h"

#include <algorithm>

namespace xcc::weights::detail {

namespace {

struct Entry {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

DType parseDtype(const std::string &file, const std::string &name, const std::string &d) {
  if (d == "F32")
    return DType::F32;
  if (d == "F16")
    return DType::F16;
  if (d == "BF16")
    return DType::BF16;
  if (d == "F64")
    return DType::F64;
  throw WeightsError(file, "weight '" + name + "' has unsupported dtype " + d +
                               " (only F32, F16, BF16, F64)");
}

Entry parseEntry(const std::string &file, const std::string &name, const Json &j,
                 uint64_t dataLen) {
  if (!j.is_object())
    throw WeightsError(file, "header entry '" + name + "' is not an object");
  Entry e;
  e.name = name;
  e.dtype = parseDtype(file, name, jsonString(file, "weight '" + name + "'", j, "dtype"));
  if (!j.contains("shape"))
    throw WeightsError(file, "weight '" + name + "' has no shape");
  e.shape = jsonShape(file, name, j["shape"]);
  int64_t numel = checkedNumel(file, name, e.shape);
  const Json *off = j.contains("data_offsets") ? &j["data_offsets"] : nullptr;
  if (!off || !off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() ||
      !(*off)[1].is_number_unsigned())
    throw WeightsError(file, "weight '" + name + "' lacks valid data_offsets");
  e.begin = (*off)[0].get<uint64_t>();
  e.end = (*off)[1].get<uint64_t>();
  if (e.begin > e.end || e.end > dataLen)
    throw WeightsError(file, "weight '" + name + "' data_offsets [" +
                                 std::to_string(e.begin) + "," + std::to_string(e.end) +
                                 "] out of range (data section is " +
                                 std::to_string(dataLen) + " bytes)");
  uint64_t want = uint64_t(numel) * dtypeSize(e.dtype);
  if (e.end - e.begin != want)
    throw WeightsError(file, "weight '" + name + "' spans " + std::to_string(e.end - e.begin) +
                                 " bytes but " + dtypeName(e.dtype) + " " +
                                 shapeString(e.shape) + " needs " + std::to_string(want));
  return e;
}

} // namespace

WeightFile readSafetensors(const std::string &path) {
  std::vector<uint8_t> bytes = readFileBytes(path, path);
  if (bytes.size() < 8)
    throw WeightsError(path, "too short for a safetensors header");
  uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i)
    headerLen = (headerLen << 8) | bytes[size_t(i)];
  if (headerLen > bytes.size() - 8)
    throw WeightsError(path, "safetensors header length " + std::to_string(headerLen) +
                                 " exceeds the file (" + std::to_string(bytes.size()) +
                                 " bytes)");
  const char *h = reinterpret_cast<const char *>(bytes.data() + 8);
  Json header = parseJson(path, "the safetensors header", h, h + headerLen);
  if (!header.is_object())
    throw WeightsError(path, "safetensors header is not a JSON object");

  const uint64_t dataStart = 8 + headerLen, dataLen = bytes.size() - dataStart;
  std::vector<Entry> entries;
  for (auto it = header.begin(); it != header.end(); ++it)
    if (it.key() != "__metadata__")
      entries.push_back(parseEntry(path, it.key(), it.value(), dataLen));
  // File order is data order; overlapping tensors mean a corrupt header.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry &a, const Entry &b) { return a.begin < b.begin; });
  for (size_t i = 1; i < entries.size(); ++i)
    if (entries[i].begin < entries[i - 1].end)
      throw WeightsError(path, "weights '" + entries[i - 1].name + "' and '" +
                                   entries[i].name + "' overlap");

  WeightFile wf;
  wf.sourcePath = path;
  wf.format = Format::Safetensors;
  std::vector<std::string> layers;
  for (const Entry &e : entries) {
    SplitName sn = splitWeightName(e.name);
    std::vector<float> data = decodeFloats(e.dtype, bytes.data() + dataStart + e.begin,
                                           size_t((e.end - e.begin) / dtypeSize(e.dtype)));
    checkFinite(path, e.name, data);
    layers.push_back(sn.layer);
    wf.weights.push_back({e.name, sn.layer, sn.weight, {e.shape, std::move(data)}});
  }
  wf.layerOrder = firstAppearanceOrder(layers);
  return wf;
}

} // namespace xcc::weights::detail
