//===- json_util.h - Checked access to untrusted JSON -----------*- C++ -*-===//
#ifndef XCC_WEIGHTS_JSON_UTIL_H
#define XCC_WEIGHTS_JSON_UTIL_H

#include "xcc/weights/weights.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace xcc::weights::detail {

// ordered_json keeps the file's key order (safetensors and tfjs readers
// report weights in file order).
using Json = nlohmann::ordered_json;

// Parses text, WeightsError(file, "invalid JSON in <what>: ...") on failure.
Json parseJson(const std::string &file, const std::string &what, const char *begin,
               const char *end);
// A shape: array of non-negative integers.
std::vector<int64_t> jsonShape(const std::string &file, const std::string &name,
                               const Json &j);
// j[key] as a string; WeightsError if absent or not a string.
std::string jsonString(const std::string &file, const std::string &where, const Json &j,
                       const char *key);

} // namespace xcc::weights::detail

#endif
