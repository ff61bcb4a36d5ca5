#include "Import/KerasConfig.h"

#include "xcc/initializers/initializers.h"

#include <stdexcept>

using namespace xnn;
using nlohmann::json;

namespace xcc {

llvm::SmallVector<int64_t, 2> pairOf(const json &config, const char *key, int64_t dflt) {
  auto it = config.find(key);
  if (it == config.end() || it->is_null())
    return {dflt, dflt};
  if (it->is_number_integer())
    return {it->get<int64_t>(), it->get<int64_t>()};
  if (it->is_array() && it->size() == 2)
    return {(*it)[0].get<int64_t>(), (*it)[1].get<int64_t>()};
  throw std::runtime_error(std::string("'") + key + "' must be an int or a pair, got " + it->dump());
}

llvm::SmallVector<int64_t, 4> zeroPadding(const json &config) {
  const json p = config.value("padding", json(1));
  if (p.is_array() && p.size() == 2 && p[0].is_array()) // ((top, bottom), (left, right))
    return {p[0].at(0).get<int64_t>(), p[0].at(1).get<int64_t>(), p[1].at(0).get<int64_t>(),
            p[1].at(1).get<int64_t>()};
  auto hw = pairOf(config, "padding", 1); // symmetric: n or (h, w)
  return {hw[0], hw[0], hw[1], hw[1]};
}

Padding parsePadding(const json &config) {
  return config.value("padding", std::string("valid")) == "same" ? Padding::same : Padding::valid;
}

std::optional<Activation> parseActivation(const json &activation) {
  if (activation.is_null())
    return Activation::linear;
  if (!activation.is_string())
    return std::nullopt;
  return symbolizeActivation(activation.get<std::string>());
}

std::optional<Activation> reluKind(const json &config) {
  auto number = [&](const char *key) { return config.value(key, json(nullptr)); };
  for (const char *key : {"negative_slope", "threshold"})
    if (number(key).is_number() && number(key).get<double>() != 0.0)
      return std::nullopt;
  json maxValue = number("max_value");
  if (maxValue.is_null())
    return Activation::relu;
  if (maxValue.is_number() && maxValue.get<double>() == 6.0)
    return Activation::relu6;
  return std::nullopt;
}

InitializerKind defaultInitializer(const std::string &weight) {
  return *symbolizeInitializerKind(xcc::rt::kerasDefaultInitializer(weight));
}

namespace {

/// Keras 2 files spell Glorot and He as the VarianceScaling they are.
std::optional<InitializerKind> fromVarianceScaling(const json &c) {
  std::string mode = c.value("mode", "fan_in"), distribution = c.value("distribution", "truncated_normal");
  double scale = c.value("scale", 1.0);
  bool uniform = distribution == "uniform";
  if (mode == "fan_avg" && scale == 1.0)
    return uniform ? InitializerKind::glorot_uniform : InitializerKind::glorot_normal;
  if (mode == "fan_in" && scale == 2.0)
    return uniform ? InitializerKind::he_uniform : InitializerKind::he_normal;
  return std::nullopt;
}

} // namespace

InitializerKind initializerFor(const json &config, const std::string &weight) {
  auto it = config.find(weight + "_initializer");
  if (it == config.end())
    return defaultInitializer(weight);
  std::string name = it->is_string() ? it->get<std::string>() : it->value("class_name", "");
  json params = it->is_object() ? it->value("config", json::object()) : json::object();
  static const std::pair<const char *, InitializerKind> known[] = {
      {"zeros", InitializerKind::zeros},           {"Zeros", InitializerKind::zeros},
      {"ones", InitializerKind::ones},             {"Ones", InitializerKind::ones},
      {"glorot_uniform", InitializerKind::glorot_uniform}, {"GlorotUniform", InitializerKind::glorot_uniform},
      {"glorot_normal", InitializerKind::glorot_normal},   {"GlorotNormal", InitializerKind::glorot_normal},
      {"he_uniform", InitializerKind::he_uniform}, {"HeUniform", InitializerKind::he_uniform},
      {"he_normal", InitializerKind::he_normal},   {"HeNormal", InitializerKind::he_normal}};
  for (auto [spelling, kind] : known)
    if (name == spelling)
      return kind;
  if (name == "VarianceScaling")
    if (auto kind = fromVarianceScaling(params))
      return *kind;
  // Other initializers have no xnn equivalent: Keras's default for the weight is the closest sensible start.
  return defaultInitializer(weight);
}

std::string unsupportedConfig(const std::string &className, const json &config) {
  if (config.value("data_format", "channels_last") != "channels_last")
    return "data_format '" + config.value("data_format", "") + "' (only channels_last is supported)";
  if (config.contains("activation") && !parseActivation(config["activation"]))
    return "activation " + config["activation"].dump() + " is not supported";
  if (className == "ReLU" && !reluKind(config))
    return "only ReLU with max_value None or 6 and no negative_slope/threshold is supported";
  if (className == "Conv2D" && config.value("groups", 1) != 1)
    return "grouped convolution (groups = " + std::to_string(config.value("groups", 1)) + ")";
  if (className == "BatchNormalization") {
    json axis = config.value("axis", json(-1));
    if (axis.is_array() && axis.size() == 1)
      axis = axis[0];
    if (!(axis == -1 || axis == 3))
      return "BatchNormalization over axis " + axis.dump() + " (only the channel axis is supported)";
  }
  if (className == "Rescaling" && !(config.contains("scale") && config["scale"].is_number() &&
                                    config.value("offset", json(0.0)).is_number()))
    return "only scalar Rescaling scale and offset are supported";
  return "";
}

} // namespace xcc
