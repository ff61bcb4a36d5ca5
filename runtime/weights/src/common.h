//===- common.h - Helpers shared by every format reader ---------*- C++ -*-===//
//
// Dtype decoding, shape arithmetic, name splitting and the finiteness check
// live here once, so every format applies exactly the same validation.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_WEIGHTS_COMMON_H
#define XCC_WEIGHTS_COMMON_H

#include "xcc/weights/weights.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace xcc::weights::detail {

// Float encodings a weight may be stored in; all decode to float32.
enum class DType { F16, BF16, F32, F64 };
size_t dtypeSize(DType t);
const char *dtypeName(DType t);

// Decodes `count` little-endian values (big-endian with `bigEndian`).
// The caller has checked that `bytes` holds count * dtypeSize(t) bytes.
std::vector<float> decodeFloats(DType t, const uint8_t *bytes, size_t count,
                                bool bigEndian = false);
float halfToFloat(uint16_t h);

// Product of the dims; throws WeightsError(file, ...) on a negative dim or an
// element count beyond what this library accepts (overflow guard).
int64_t checkedNumel(const std::string &file, const std::string &name,
                     const std::vector<int64_t> &shape);

// Rejects NaN/Inf: a weight file with them is corrupt or diverged, and a
// frozen NaN constant would silently poison every prediction.
void checkFinite(const std::string &file, const std::string &name,
                 const std::vector<float> &data);

// "conv1/kernel:0" -> {"conv1", "kernel"}: split at the last '/', drop a
// ":<digits>" suffix. No '/' -> layer "".
struct SplitName {
  std::string layer, weight;
};
SplitName splitWeightName(const std::string &name);
std::string stripIndexSuffix(const std::string &name); // "kernel:0" -> "kernel"

std::string shapeString(const std::vector<int64_t> &shape); // "[3,3,3,32]"

// Reads a whole file; WeightsError(reportedFile, ...) when it cannot.
std::vector<uint8_t> readFileBytes(const std::string &path,
                                   const std::string &reportedFile);

// Layer names deduplicated, in order of first appearance.
std::vector<std::string> firstAppearanceOrder(const std::vector<std::string> &layers);

} // namespace xcc::weights::detail

#endif
