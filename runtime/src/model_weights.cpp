#include "xcc/runtime/model_weights.h"

#include "xcc/initializers/initializers.h"
#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/error.h"
#include "xcc/weights/keras3_writer.h"
#include "xcc/weights/weights.h"

#include <optional>
#include <utility>

namespace xcc::rt {
namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

/// The weights file as the compiler read it (tfjs files may lack shards no weight needs).
weights::WeightFile readWeights(const std::string &path) {
  try {
    weights::LoadOptions options;
    options.allowMissingShards = true;
    return weights::loadWeights(path, options);
  } catch (const weights::WeightsError &e) {
    throw RuntimeError(std::string("cannot read weights: ") + e.what());
  }
}

/// The entry the compiler matched for `what` in `file`, checked against the shape and hash it recorded.
/// Throws RuntimeError("'file': what: reason").
const std::vector<float> &recordedEntry(const weights::WeightFile &file, const std::string &what,
                                        const std::string &keyLayer, const std::string &keyWeight,
                                        const std::vector<int64_t> &shape, const std::string &hash) {
  auto fail = [&](const std::string &reason) -> const std::vector<float> & {
    throw RuntimeError("'" + file.sourcePath + "': " + what + ": " + reason);
  };
  std::string entry = "entry (layer '" + keyLayer + "', weight '" + keyWeight + "')";
  const weights::NamedWeight *w = file.find(keyLayer, keyWeight);
  if (!w) {
    if (const weights::MissingWeight *m = file.findMissing(keyLayer, keyWeight))
      return fail("the data of its " + entry + " is missing (" + m->reason + ")");
    return fail("the file has no " + entry + ", where the compiler found it: not the weights file the artifact "
                "was compiled with");
  }
  if (w->value.shape != shape)
    return fail("its " + entry + " has shape " + shapeText(w->value.shape) + ", expected " + shapeText(shape));
  if (!hash.empty()) {
    std::string found = weights::valuesHash(w->value.data);
    if (found != hash)
      return fail("the values of its " + entry + " differ from those the artifact was compiled with (hash " + found +
                  ", compiled with " + hash + "): a different weights file than at compile time");
  }
  return w->value.data;
}

std::string describe(const std::string &layer, const std::string &weight, const char *kind) {
  return std::string(kind) + " '" + layer + "/" + weight + "'";
}

} // namespace

void loadInitialWeights(Model &model, const std::string &weightsPath) {
  const Manifest &m = model.manifest();
  bool needed = false;
  for (const ParameterSpec &p : m.parameters)
    needed |= p.init == "weights";
  for (const VariableSpec &v : m.variables)
    needed |= v.from == "weights";
  if (!needed)
    return;
  weights::WeightFile file = readWeights(weightsPath);

  // Everything is checked before any parameter changes.
  std::vector<std::pair<size_t, const std::vector<float> *>> staged;
  for (size_t i = 0; i < m.parameters.size(); ++i) {
    const ParameterSpec &p = m.parameters[i];
    if (p.init != "weights")
      continue;
    std::string what = describe(p.layer, p.weight, "parameter");
    if (p.keyLayer.empty())
      throw RuntimeError("'" + weightsPath + "': " + what + ": the artifact was compiled without a weights file, " +
                         "so it does not know which entry holds it (compile with --weights FILE)");
    staged.push_back({i, &recordedEntry(file, what, p.keyLayer, p.keyWeight, p.shape, p.hash)});
  }
  // The constants baked into the code must be this file's too, or the trainable values would meet a base they
  // were not trained with.
  for (const VariableSpec &v : m.variables)
    if (v.from == "weights")
      recordedEntry(file, describe(v.layer, v.weight, "frozen variable"), v.keyLayer, v.keyWeight, v.shape, v.hash);
  for (const auto &[i, values] : staged)
    model.setParameter(i, *values);
}

void exportKerasWeights(const Model &model, const std::string &outPath, const std::string &originalWeightsPath) {
  const Manifest &m = model.manifest();
  auto fail = [&](const std::string &what, const std::string &reason) {
    throw RuntimeError("cannot export weights to '" + outPath + "': " + what + ": " + reason);
  };
  if (m.variables.empty())
    fail("model '" + m.model + "'", "its manifest lists no variables (an artifact of an older xcc: compile again)");

  std::optional<weights::WeightFile> original;
  weights::Keras3Weights out;
  for (const VariableGroup &g : m.variableGroups)
    out.groups.push_back({g.path, g.name});
  for (const VariableSpec &v : m.variables) {
    weights::Keras3Variable var{v.path, {v.shape, {}}};
    if (v.from == "parameter") {
      const ParameterSpec &p = m.parameters.at(v.parameter);
      std::string what = describe(p.layer, p.weight, "parameter");
      if (p.shape != v.shape)
        fail(what, "the manifest gives it shape " + shapeText(p.shape) + " but its Keras variable " +
                       shapeText(v.shape));
      var.value.data = model.parameter(v.parameter);
      if (var.value.data.empty())
        fail(what, "it has no value yet (loadInitialWeights or setParameter first)");
      out.variables.push_back(std::move(var));
      continue;
    }
    std::string what = describe(v.layer, v.weight, "frozen variable");
    if (v.from == "weights") {
      if (originalWeightsPath.empty())
        fail(what, "it was baked from the weights file the artifact was compiled with: pass that file");
      if (!original)
        original = readWeights(originalWeightsPath);
      var.value.data = recordedEntry(*original, what, v.keyLayer, v.keyWeight, v.shape, v.hash);
    } else if (v.from == "initializer" || v.from == "random_weights") {
      var.value.data = initialValues(v.from == "initializer" ? v.init : v.from, v.weight, v.shape, v.seed);
      if (!v.hash.empty() && weights::valuesHash(var.value.data) != v.hash)
        fail(what, "its regenerated " + v.from + " values differ from those baked into the artifact (hash " +
                       weights::valuesHash(var.value.data) + ", baked " + v.hash + ")");
    } else {
      fail(what, "the artifact does not record where its value came from");
    }
    out.variables.push_back(std::move(var));
  }
  try {
    replaceFileAtomically(outPath, [&](const std::string &temp) { weights::writeKeras3Weights(temp, out); });
  } catch (const weights::WeightsError &e) {
    throw RuntimeError("cannot export weights to '" + outPath + "': " + e.reason()); // e names the temporary file
  }
}

} // namespace xcc::rt
