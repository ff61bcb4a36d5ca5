#include "Import/KerasCompile.h"

#include "xnn/Phases.h"
#include "xnn/Xnn.h"

#include <optional>

using namespace mlir;
using namespace xnn;
using nlohmann::json;

namespace xcc {
namespace {

/// "binary_crossentropy", "BinaryCrossentropy" and {class_name: "BinaryCrossentropy", ...} all name one loss;
/// comparing without case and underscores also matches "SGD" with "sgd".
std::string plainName(const json &item) {
  std::string name = item.is_string() ? item.get<std::string>() : item.is_object() ? item.value("class_name", "") : "";
  std::string out;
  for (char ch : name)
    if (ch != '_')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

/// The enum case whose name is `plain` once written as plainName does.
template <typename Enum>
std::optional<Enum> matchKind(const std::string &plain, unsigned maxValue,
                              llvm::StringRef (*stringify)(Enum)) {
  for (unsigned v = 0; v <= maxValue; ++v)
    if (plainName(json(stringify(static_cast<Enum>(v)).str())) == plain)
      return static_cast<Enum>(v);
  return std::nullopt;
}

json configOf(const json &item) { return item.is_object() ? item.value("config", json::object()) : json::object(); }

std::optional<double> number(const json &config, std::initializer_list<const char *> keys, double dflt) {
  for (const char *key : keys)
    if (config.contains(key))
      return config[key].is_number() ? std::optional<double>(config[key].get<double>()) : std::nullopt;
  return dflt;
}

} // namespace

std::string addCompiledPhase(OpBuilder &b, Location loc, const json &cc) {
  MLIRContext *ctx = b.getContext();
  json lossJson = cc.value("loss", json(nullptr));
  auto lossKind = matchKind(plainName(lossJson), getMaxEnumValForLossKind(), stringifyLossKind);
  if (!lossKind)
    return "loss " + lossJson.dump() + " is not supported";
  auto loss = LossAttr::get(ctx, *lossKind, configOf(lossJson).value("from_logits", false));

  json optJson = cc.contains("optimizer_config") ? cc["optimizer_config"] : cc.value("optimizer", json(nullptr));
  std::string optName = plainName(optJson);
  json oc = configOf(optJson);
  Attribute optimizer;
  if (optName == "adam") {
    auto lr = number(oc, {"learning_rate", "lr"}, 1e-3), b1 = number(oc, {"beta_1"}, 0.9),
         b2 = number(oc, {"beta_2"}, 0.999), eps = number(oc, {"epsilon"}, 1e-7);
    if (!lr || !b1 || !b2 || !eps)
      return "Adam with a learning-rate schedule is not supported";
    optimizer = AdamAttr::get(ctx, APFloat(*lr), APFloat(*b1), APFloat(*b2), APFloat(*eps));
  } else if (optName == "sgd") {
    auto lr = number(oc, {"learning_rate", "lr"}, 1e-2), momentum = number(oc, {"momentum"}, 0.0);
    if (!lr || !momentum)
      return "SGD with a learning-rate schedule is not supported";
    optimizer = SgdAttr::get(ctx, APFloat(*lr), APFloat(*momentum), oc.value("nesterov", false));
  } else {
    return "optimizer " + optJson.dump() + " is not supported";
  }

  bool binary = *lossKind == LossKind::binary_crossentropy;
  SmallVector<Attribute> metrics;
  json metricList = cc.value("metrics", json::array());
  // Keras 2 nests the metrics of each output in a list of their own.
  if (metricList.is_array() && metricList.size() == 1 && metricList[0].is_array())
    metricList = metricList[0];
  for (const json &m : metricList.is_array() ? metricList : json::array()) {
    std::string name = plainName(m);
    // Keras resolves "accuracy" from the loss, as here.
    if (name == "accuracy" || name == "acc")
      name = binary ? "binaryaccuracy" : "sparsecategoricalaccuracy";
    auto kind = matchKind(name, getMaxEnumValForMetricKind(), stringifyMetricKind);
    if (!kind)
      return "metric " + m.dump() + " is not supported";
    metrics.push_back(MetricAttr::get(ctx, *kind, APFloat(configOf(m).value("threshold", 0.5))));
  }
  b.create<PhaseOp>(loc, xnn::kImportedPhase, b.getDictionaryAttr({}), optimizer, loss, b.getArrayAttr(metrics));
  return "";
}

} // namespace xcc
