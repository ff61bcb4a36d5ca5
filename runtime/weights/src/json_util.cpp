//===- json_util.cpp - Checked access to untrusted JSON -------------------===//
#include "json_util.h"

#include "xcc/weights/nesting.h"

namespace xcc::weights::detail {

Json parseJson(const std::string &file, const std::string &what, const char *begin,
               const char *end) {
  if (auto why = tooDeeplyNested(std::string_view(begin, size_t(end - begin))))
    throw WeightsError(file, what + " is " + *why);
  try {
    return Json::parse(begin, end);
  } catch (const Json::exception &e) {
    throw WeightsError(file, "invalid JSON in " + what + ": " + e.what());
  }
}

std::vector<int64_t> jsonShape(const std::string &file, const std::string &name,
                               const Json &j) {
  if (!j.is_array())
    throw WeightsError(file, "weight '" + name + "': shape is not an array");
  std::vector<int64_t> shape;
  for (const Json &d : j) {
    if (!d.is_number_integer() || d.get<int64_t>() < 0)
      throw WeightsError(file, "weight '" + name + "': shape holds " + d.dump() +
                                   ", not a non-negative integer");
    shape.push_back(d.get<int64_t>());
  }
  return shape;
}

std::string jsonString(const std::string &file, const std::string &where, const Json &j,
                       const char *key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string())
    throw WeightsError(file, where + ": '" + key + "' is missing or not a string");
  return j[key].get<std::string>();
}

} // namespace xcc::weights::detail
