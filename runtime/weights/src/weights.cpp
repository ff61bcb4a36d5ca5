//===- weights.cpp - Format detection and WeightFile lookups --------------===//
#include "common.h"
#include "readers.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace xcc::weights {

const char *formatName(Format format) {
  switch (format) {
  case Format::LegacyH5:
    return "Keras legacy HDF5";
  case Format::Keras3WeightsH5:
    return "Keras 3 .weights.h5";
  case Format::KerasZip:
    return "Keras 3 .keras";
  case Format::TfjsLayers:
    return "TensorFlow.js layers model";
  case Format::Safetensors:
    return "safetensors";
  }
  return "?";
}

std::string bytesHash(const void *bytes, size_t size) {
  uint64_t h = 14695981039346656037ull; // FNV-1a 64: offset basis, then xor and multiply by the prime per byte
  const auto *b = static_cast<const unsigned char *>(bytes);
  for (size_t i = 0; i < size; ++i)
    h = (h ^ b[i]) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::string valuesHash(const std::vector<float> &values) {
  return bytesHash(values.data(), values.size() * sizeof(float));
}

const NamedWeight *WeightFile::find(std::string_view layer, std::string_view weight) const {
  for (const NamedWeight &w : weights)
    if (w.layer == layer && w.weight == weight)
      return &w;
  return nullptr;
}

std::vector<const NamedWeight *> WeightFile::layerWeights(std::string_view layer) const {
  std::vector<const NamedWeight *> out;
  for (const NamedWeight &w : weights)
    if (w.layer == layer)
      out.push_back(&w);
  return out;
}

const MissingWeight *WeightFile::findMissing(std::string_view layer,
                                             std::string_view weight) const {
  for (const MissingWeight &w : missing)
    if (w.layer == layer && w.weight == weight)
      return &w;
  return nullptr;
}

namespace {

bool hasSuffix(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// Magic bytes decide; the extension only sharpens the error for a file whose
// bytes match nothing (a ".h5" that is not HDF5 says so).
WeightFile loadFile(const std::string &path, const LoadOptions &options) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw WeightsError(path, std::string("cannot open: ") + std::strerror(errno));
  uint8_t head[16] = {};
  in.read(reinterpret_cast<char *>(head), sizeof head);
  const size_t got = size_t(in.gcount());
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (got == 0)
    throw WeightsError(path, "file is empty");

  static const uint8_t kHdf5[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  if (got >= 8 && std::memcmp(head, kHdf5, 8) == 0)
    return detail::readHdf5(path, path, nullptr, options);
  if (got >= 4 && head[0] == 'P' && head[1] == 'K' &&
      ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
    return detail::readKerasZip(path, options);
  if (got >= 9 && head[8] == '{') { // safetensors: u64 header length, then '{'
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
      n = (n << 8) | head[i];
    if (!ec && n > 0 && n <= size - 8)
      return detail::readSafetensors(path);
  }
  size_t first = 0;
  while (first < got && std::strchr(" \t\r\n", head[first]))
    ++first;
  if (first < got && head[first] == '{')
    return detail::readTfjs(path, options);

  if (hasSuffix(path, ".h5") || hasSuffix(path, ".hdf5"))
    throw WeightsError(path, "not an HDF5 file (no HDF5 signature)");
  if (hasSuffix(path, ".keras"))
    throw WeightsError(path, "not a .keras file (no zip signature)");
  if (hasSuffix(path, ".safetensors"))
    throw WeightsError(path, "not a safetensors file (bad header length or header)");
  if (hasSuffix(path, ".json"))
    throw WeightsError(path, "not a TensorFlow.js model.json (no JSON object)");
  throw WeightsError(path, "unrecognized weight-file format");
}

} // namespace

WeightFile loadWeights(const std::string &path, const LoadOptions &options) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    fs::path modelJson = fs::path(path) / "model.json";
    if (!fs::is_regular_file(modelJson, ec))
      throw WeightsError(path, "folder has no model.json (TensorFlow.js layers model)");
    return detail::readTfjs(modelJson.string(), options);
  }
  if (!fs::exists(path, ec))
    throw WeightsError(path, "no such file");
  return loadFile(path, options);
}

} // namespace xcc::weights
