//===- common.cpp - Shared dtype decoding and validation ------------------===//
#include "common.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <unordered_set>

namespace xcc::weights {

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

WeightsError::WeightsError(const std::string &file, const std::string &reason)
    : std::runtime_error(file + ": " + reason), file_(file), reason_(reason) {}

namespace detail {

size_t dtypeSize(DType t) {
  switch (t) {
  case DType::F16:
  case DType::BF16:
    return 2;
  case DType::F32:
    return 4;
  case DType::F64:
    return 8;
  }
  return 0;
}

const char *dtypeName(DType t) {
  switch (t) {
  case DType::F16:
    return "float16";
  case DType::BF16:
    return "bfloat16";
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  }
  return "?";
}

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0x1f) { // Inf/NaN
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp != 0) { // normal
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) { // +-0
    bits = sign;
  } else { // subnormal: exact in float32, value = mant * 2^-24
    float f = std::ldexp(float(mant), -24);
    std::memcpy(&bits, &f, 4);
    bits |= sign;
  }
  float out;
  std::memcpy(&out, &bits, 4);
  return out;
}

namespace {
// Loads `n` bytes as an unsigned integer of that width in the given order.
template <typename U> U loadUnsigned(const uint8_t *p, bool bigEndian) {
  U v = 0;
  for (size_t i = 0; i < sizeof(U); ++i) {
    size_t byte = bigEndian ? sizeof(U) - 1 - i : i;
    v |= U(p[byte]) << (8 * i);
  }
  return v;
}
} // namespace

std::vector<float> decodeFloats(DType t, const uint8_t *bytes, size_t count,
                                bool bigEndian) {
  std::vector<float> out(count);
  const size_t w = dtypeSize(t);
  for (size_t i = 0; i < count; ++i) {
    const uint8_t *p = bytes + i * w;
    switch (t) {
    case DType::F16:
      out[i] = halfToFloat(loadUnsigned<uint16_t>(p, bigEndian));
      break;
    case DType::BF16: { // the top half of a float32
      uint32_t bits = uint32_t(loadUnsigned<uint16_t>(p, bigEndian)) << 16;
      std::memcpy(&out[i], &bits, 4);
      break;
    }
    case DType::F32: {
      uint32_t bits = loadUnsigned<uint32_t>(p, bigEndian);
      std::memcpy(&out[i], &bits, 4);
      break;
    }
    case DType::F64: { // out-of-range values become Inf and fail checkFinite
      uint64_t bits = loadUnsigned<uint64_t>(p, bigEndian);
      double d;
      std::memcpy(&d, &bits, 8);
      out[i] = float(d);
      break;
    }
    }
  }
  return out;
}

int64_t checkedNumel(const std::string &file, const std::string &name,
                     const std::vector<int64_t> &shape) {
  // 2^34 elements (64 GiB of float32) is far beyond any model this library
  // serves and keeps every later byte computation far from overflow.
  constexpr int64_t kMaxElements = int64_t(1) << 34;
  if (shape.size() > 32)
    throw WeightsError(file, "weight '" + name + "' has rank " +
                                 std::to_string(shape.size()) + " (> 32)");
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      throw WeightsError(file, "weight '" + name + "' has negative dimension in shape " +
                                   shapeString(shape));
    if (d != 0 && n > kMaxElements / d)
      throw WeightsError(file, "weight '" + name + "' shape " + shapeString(shape) +
                                   " is implausibly large");
    n *= d;
  }
  return n;
}

void checkFinite(const std::string &file, const std::string &name,
                 const std::vector<float> &data) {
  size_t bad = 0;
  for (float v : data)
    bad += !std::isfinite(v);
  if (bad)
    throw WeightsError(file, "weight '" + name + "' has " + std::to_string(bad) +
                                 " NaN/Inf value(s) of " + std::to_string(data.size()));
}

std::string stripIndexSuffix(const std::string &name) {
  size_t colon = name.rfind(':');
  if (colon == std::string::npos || colon + 1 == name.size())
    return name;
  for (size_t i = colon + 1; i < name.size(); ++i)
    if (name[i] < '0' || name[i] > '9')
      return name;
  return name.substr(0, colon);
}

SplitName splitWeightName(const std::string &name) {
  std::string plain = stripIndexSuffix(name);
  size_t slash = plain.rfind('/');
  if (slash == std::string::npos)
    return {"", plain};
  // The layer is the component right before the weight: a scope prefix
  // ("model/conv1/kernel") names the enclosing model, not the layer.
  size_t prev = plain.rfind('/', slash == 0 ? std::string::npos : slash - 1);
  size_t begin = (prev == std::string::npos || slash == 0) ? 0 : prev + 1;
  return {plain.substr(begin, slash - begin), plain.substr(slash + 1)};
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::vector<uint8_t> readFileBytes(const std::string &path,
                                   const std::string &reportedFile) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    throw WeightsError(reportedFile, "cannot open '" + path + "': " + std::strerror(errno));
  std::streamoff size = in.tellg();
  if (size < 0)
    throw WeightsError(reportedFile, "cannot determine the size of '" + path + "'");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (size && !in.read(reinterpret_cast<char *>(bytes.data()), size))
    throw WeightsError(reportedFile, "cannot read '" + path + "'");
  return bytes;
}

std::vector<std::string> firstAppearanceOrder(const std::vector<std::string> &layers) {
  std::vector<std::string> order;
  std::unordered_set<std::string> seen;
  for (const std::string &l : layers)
    if (seen.insert(l).second)
      order.push_back(l);
  return order;
}

} // namespace detail
} // namespace xcc::weights
