#include "xcc/runtime/manifest.h"
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
  } else {
    p.seed = j.at("seed").get<uint64_t>();
  }
  return p;
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

Manifest parseManifest(const std::string &text) {
  try {
    json j = json::parse(text);
    if (j.at("format") != "xcc-artifact-1")
      throw RuntimeError("unknown format '" + j.at("format").dump() + "'");
    Manifest m;
    m.model = j.at("model").get<std::string>();
    m.phase = j.at("phase").get<std::string>();
    m.function = j.at("function").get<std::string>();
    m.target = j.at("target").get<std::string>();
    m.input = parseTensor(j.at("input"));
    m.output = parseTensor(j.at("output"));
    for (const json &p : j.at("parameters"))
      m.parameters.push_back(parseParameter(p));
    m.frozenHash = j.at("frozen_hash").get<std::string>();
    return m;
  } catch (const json::exception &e) {
    throw RuntimeError(std::string("malformed artifact manifest: ") + e.what());
  } catch (const RuntimeError &e) {
    throw RuntimeError(std::string("malformed artifact manifest: ") + e.what());
  }
}

} // namespace xcc::rt
