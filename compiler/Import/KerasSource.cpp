#include "Import/KerasSource.h"

#include "xcc/weights/nesting.h"
#include "xcc/weights/weights.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;
using nlohmann::json;

namespace xcc {
namespace {

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw std::runtime_error("'" + path + "': " + why);
}

/// A weight named "conv1/kernel" or "block1_conv1/block1_conv1/kernel:0" belongs to every layer its path names;
/// counting all components also covers nested models' "<model>/<layer>/..." paths.
void addPathComponents(const std::string &path, std::set<std::string> &layers) {
  std::stringstream parts(path);
  for (std::string part; std::getline(parts, part, '/');)
    layers.insert(part);
}

KerasSource fromJson(const std::string &path, const std::string &text) {
  if (auto why = weights::tooDeeplyNested(text))
    fail(path, "the JSON is " + *why);
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    try { // parse again only to get nlohmann's byte position and reason
      [[maybe_unused]] json again = json::parse(text); // gcc ignores a (void) cast of a nodiscard result
    } catch (const json::parse_error &e) {
      fail(path, std::string("malformed JSON: ") + e.what());
    }
  }
  KerasSource source;
  source.graph = parseKerasDocument(document);
  if (document.contains("weightsManifest")) {
    source.weightLayers.emplace();
    for (const json &group : document["weightsManifest"])
      for (const json &w : group.value("weights", json::array()))
        addPathComponents(w.value("name", ""), *source.weightLayers);
  }
  return source;
}

KerasSource fromWeightsFile(const std::string &path) {
  weights::LoadOptions options;
  options.allowMissingShards = true; // only the names are needed here
  options.allowNoWeightsFile = true; // and of a .keras, only its config.json
  weights::WeightFile file = weights::loadWeights(path, options);
  if (!file.modelConfigJson)
    fail(path, std::string("this ") + weights::formatName(file.format) +
                   " file holds weights only, no model graph; import a full model (.keras, full-model .h5 or "
                   "tfjs model.json)");
  for (const std::optional<std::string> *config : {&file.modelConfigJson, &file.trainingConfigJson})
    if (auto why = *config ? weights::tooDeeplyNested(**config) : std::nullopt)
      fail(path, "the model's config is " + *why);
  json document = json::parse(*file.modelConfigJson, nullptr, false);
  if (document.is_discarded())
    fail(path, "its model config is not valid JSON");
  if (file.trainingConfigJson) // a full-model .h5 keeps compile() beside the graph, not inside it
    document = {{"model_config", document}, {"training_config", json::parse(*file.trainingConfigJson)}};
  KerasSource source;
  source.graph = parseKerasDocument(document);
  source.noWeightsFile = file.noWeightsFile;
  bool keyedByName = file.format != weights::Format::Keras3WeightsH5 && file.format != weights::Format::KerasZip;
  if (keyedByName) {
    source.weightLayers.emplace();
    for (const auto &w : file.weights)
      addPathComponents(w.layer + "/" + w.path, *source.weightLayers);
    for (const auto &w : file.missing)
      addPathComponents(w.layer + "/" + w.path, *source.weightLayers);
  }
  return source;
}

} // namespace

KerasSource readKerasSource(const std::string &path) {
  std::error_code ec;
  fs::path file = fs::is_directory(path, ec) ? fs::path(path) / "model.json" : fs::path(path);
  if (!fs::exists(file, ec))
    fail(file.string(), "no such file");
  std::ifstream in(file, std::ios::binary);
  if (!in)
    fail(file.string(), "cannot open it for reading");
  char first = 0;
  in >> std::ws;
  in.get(first);
  try {
    if (first == '{' || first == '[') {
      in.seekg(0);
      std::stringstream text;
      text << in.rdbuf();
      return fromJson(file.string(), text.str());
    }
    return fromWeightsFile(file.string());
  } catch (const weights::WeightsError &e) {
    throw std::runtime_error(e.what());
  } catch (const std::runtime_error &e) {
    std::string message = e.what();
    if (message.find(file.string()) != std::string::npos)
      throw;
    fail(file.string(), message);
  } catch (const json::exception &e) { // a field of an unexpected JSON type
    fail(file.string(), std::string("malformed Keras config: ") + e.what());
  }
}

} // namespace xcc
