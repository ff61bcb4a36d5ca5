#include "xcc/runtime/manifest.h"

#include "xcc/amx/tiles.h"
#include "xcc/runtime/abi.h"
#include "xcc/runtime/error.h"

#include <nlohmann/json.hpp>

namespace xcc::rt {
namespace {

using nlohmann::json;

std::vector<int64_t> parseShape(const json &j) {
  std::vector<int64_t> shape;
  for (const json &d : j)
    shape.push_back(d.is_null() ? -1 : d.get<int64_t>());
  return shape;
}

TensorSpec parseTensor(const json &j) {
  TensorSpec t{j.at("layer").get<std::string>(), parseShape(j.at("shape"))};
  if (t.shape.empty() || t.shape[0] != -1)
    throw RuntimeError("tensor '" + t.layer + "' has no batch dimension");
  return t;
}

ParameterSpec parseParameter(const json &j) {
  ParameterSpec p;
  p.layer = j.at("layer").get<std::string>();
  p.weight = j.at("weight").get<std::string>();
  p.shape = parseShape(j.at("shape"));
  // Manifests written before initializers were recorded have no "init": they can only be fed explicit values.
  p.init = j.value("init", "weights");
  if (p.init == "weights") {
    const json &source = j.value("source", json::object());
    p.sourceLayer = source.value("layer", p.layer);
    p.sourceWeight = source.value("weight", p.weight);
    if (j.contains("key")) {
      p.keyLayer = j.at("key").at("layer").get<std::string>();
      p.keyWeight = j.at("key").at("weight").get<std::string>();
    }
  } else {
    p.seed = j.at("seed").get<uint64_t>();
  }
  p.hash = j.value("hash", "");
  return p;
}

VariableSpec parseVariable(const json &j, size_t parameters) {
  VariableSpec v;
  v.path = j.at("path").get<std::string>();
  v.layer = j.at("layer").get<std::string>();
  v.weight = j.at("weight").get<std::string>();
  v.shape = parseShape(j.at("shape"));
  v.from = j.at("from").get<std::string>();
  if (v.from == "parameter") {
    v.parameter = j.at("parameter").get<size_t>();
    if (v.parameter >= parameters)
      throw RuntimeError("variable '" + v.path + "' names parameter " + std::to_string(v.parameter) + " of " +
                         std::to_string(parameters));
  } else if (v.from == "weights") {
    v.keyLayer = j.at("key").at("layer").get<std::string>();
    v.keyWeight = j.at("key").at("weight").get<std::string>();
  } else if (v.from == "initializer") {
    v.init = j.at("init").get<std::string>();
    v.seed = j.at("seed").get<uint64_t>();
  } else if (v.from == "random_weights") {
    v.seed = j.at("seed").get<uint64_t>();
  } else if (v.from != "nothing") {
    throw RuntimeError("variable '" + v.path + "' comes from unknown '" + v.from + "'");
  }
  v.hash = j.value("hash", "");
  return v;
}

TrainSpec parseTrain(const json &j) {
  TrainSpec t;
  t.function = j.at("function").get<std::string>();
  t.loss = j.at("loss").at("name").get<std::string>();
  t.fromLogits = j.at("loss").value("from_logits", false);
  const json &opt = j.at("optimizer");
  t.optimizer = opt.at("name").get<std::string>();
  t.learningRate = opt.at("learning_rate").get<double>();
  t.slots = opt.at("slots").get<std::vector<std::string>>();
  for (const json &m : j.at("metrics"))
    t.metrics.push_back({m.at("name").get<std::string>(), m.value("threshold", 0.5)});
  return t;
}

int64_t product(const std::vector<int64_t> &shape, size_t from) {
  int64_t n = 1;
  for (size_t i = from; i < shape.size(); ++i)
    n *= shape[i];
  return n;
}

} // namespace

int64_t TensorSpec::valuesPerSample() const { return product(shape, 1); }
int64_t ParameterSpec::numElements() const { return product(shape, 0); }
int64_t VariableSpec::numElements() const { return product(shape, 0); }

Manifest parseManifest(const std::string &text) {
  try {
    json j = json::parse(text);
    if (j.at("format") != XCC_ARTIFACT_FORMAT)
      throw RuntimeError("unknown format '" + j.at("format").dump() + "'");
    if (int version = j.value("version", 1); version != XCC_ARTIFACT_VERSION)
      throw RuntimeError("the artifact is of version " + std::to_string(version) + " and this runtime reads version " +
                         std::to_string(XCC_ARTIFACT_VERSION) + ": compile the model again with the xcc of this runtime");
    Manifest m;
    m.model = j.at("model").get<std::string>();
    m.phase = j.at("phase").get<std::string>();
    m.function = j.at("function").get<std::string>();
    m.target = j.at("target").get<std::string>();
    m.dtypePolicy = j.value("dtype_policy", m.dtypePolicy);
    m.matmul = j.value("matmul", m.matmul);
    m.input = parseTensor(j.at("input"));
    m.output = parseTensor(j.at("output"));
    if (j.contains("features"))
      m.features = parseTensor(j.at("features"));
    for (const json &p : j.at("parameters"))
      m.parameters.push_back(parseParameter(p));
    m.frozenHash = j.at("frozen_hash").get<std::string>();
    if (j.contains("train")) {
      m.hasTrain = true;
      m.train = parseTrain(j.at("train"));
    }
    for (const json &g : j.value("variable_groups", json::array()))
      m.variableGroups.push_back({g.at("path").get<std::string>(), g.at("name").get<std::string>()});
    for (const json &v : j.value("variables", json::array()))
      m.variables.push_back(parseVariable(v, m.parameters.size()));
    for (const json &f : j.value("frozen_sources", json::array()))
      m.frozenSources.push_back(
          {f.at("layer").get<std::string>(), f.at("weight").get<std::string>(), f.at("hash").get<std::string>()});
    return m;
  } catch (const json::exception &e) {
    throw RuntimeError(std::string("malformed artifact manifest: ") + e.what());
  } catch (const RuntimeError &e) {
    throw RuntimeError(std::string("malformed artifact manifest: ") + e.what());
  }
}

std::string describeCompute(const Manifest &m) {
  if (m.dtypePolicy == "float32")
    return "float32";
  const std::string bf16 = " (convolutions and Dense in bfloat16 on ";
  if (m.matmul == "amx_bf16")
    return m.dtypePolicy + bf16 +
           (amx::hardwareTiles() ? "AMX tiles, float32 accumulation)"
                                 : "the portable emulation of AMX tiles: slow, for tests)");
  if (m.matmul == "bf16_dot")
    return m.dtypePolicy + bf16 + "AVX-512 bf16 dot products, float32 accumulation)";
  return m.dtypePolicy + " (float32 on this CPU: no bfloat16 matrix path for it in this artifact)";
}

} // namespace xcc::rt
