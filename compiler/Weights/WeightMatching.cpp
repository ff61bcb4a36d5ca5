#include "Weights/WeightMatching.h"

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>

namespace xcc {
namespace {

/// Splits "conv2d_3" into ("conv2d", 3) and "conv2d" into ("conv2d", 0) for Keras's auto-named layer kinds.
bool splitAutoName(const std::string &name, std::string &kind, int &index) {
  static const std::regex pattern(
      "(conv2d|depthwise_conv2d|separable_conv2d|batch_normalization|dense|activation|add|max_pooling2d|"
      "average_pooling2d|zero_padding2d|concatenate|dropout|re_lu)(?:_([0-9]+))?");
  std::smatch m;
  if (!std::regex_match(name, m, pattern))
    return false;
  kind = m[1];
  index = m[2].matched ? std::stoi(m[2]) : 0;
  return true;
}

using Ordered = std::map<std::string, std::vector<std::pair<int, std::string>>>; // kind -> (suffix, name) sorted

Ordered autoNamed(const std::set<std::string> &names) {
  Ordered byKind;
  for (const std::string &name : names) {
    std::string kind;
    int index;
    if (splitAutoName(name, kind, index))
      byKind[kind].push_back({index, name});
  }
  for (auto &[kind, list] : byKind)
    std::sort(list.begin(), list.end());
  return byKind;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

} // namespace

WeightMatcher::WeightMatcher(const weights::WeightFile &file, const std::vector<WeightRequest> &requests)
    : file(file) {
  // An auto-name means nothing across Keras versions (the model's conv2d_1 may be the file's conv2d_2), so
  // auto-named layers always pair by ordinal when model and file have as many of that kind; otherwise only an
  // exact name matches. Keras 3 files are keyed by class and position already (Keras3Keys.h): exact only.
  if (file.format == weights::Format::Keras3WeightsH5 || file.format == weights::Format::KerasZip)
    return;
  std::set<std::string> modelLayers, fileLayers;
  for (const WeightRequest &r : requests)
    modelLayers.insert(r.layer);
  for (const weights::NamedWeight &w : file.weights)
    fileLayers.insert(w.layer);
  for (const weights::MissingWeight &w : file.missing)
    fileLayers.insert(w.layer);
  Ordered inModel = autoNamed(modelLayers), inFile = autoNamed(fileLayers);
  for (const auto &[kind, list] : inModel) {
    const auto &candidates = inFile[kind];
    if (candidates.size() != list.size()) {
      std::string names;
      for (const auto &c : candidates)
        names += (names.empty() ? "" : ", ") + c.second;
      countMismatch[kind] = "no such layer in the file; the model has " + std::to_string(list.size()) +
                            " auto-named " + kind + " layers, the file " + std::to_string(candidates.size()) +
                            (names.empty() ? "" : " (" + names + ")") +
                            ", and they pair by position only when the counts agree";
      continue;
    }
    for (size_t k = 0; k < list.size(); ++k)
      autoNameMap[list[k].second] = candidates[k].second;
  }
}

const weights::NamedWeight &WeightMatcher::entry(const WeightRequest &r) const {
  auto it = autoNameMap.find(r.layer);
  std::string layer = it != autoNameMap.end() ? it->second : r.layer;
  const weights::NamedWeight *w = file.find(layer, r.weight);
  auto fail = [&](const std::string &reason) -> const weights::NamedWeight & {
    std::string what = r.label.empty() ? "layer '" + r.layer + "', weight '" + r.weight + "'" : r.label;
    throw std::runtime_error("'" + file.sourcePath + "': " + what + ": " + reason);
  };
  if (!w) {
    if (const weights::MissingWeight *m = file.findMissing(layer, r.weight))
      return fail("its data is missing (" + m->reason + ")");
    std::string kind;
    int index;
    if (splitAutoName(r.layer, kind, index) && countMismatch.count(kind) && file.layerWeights(layer).empty())
      return fail(countMismatch.at(kind));
    return fail(file.layerWeights(layer).empty() ? "no such layer in the file"
                                                 : "the layer has no weight of that name in the file");
  }
  if (w->value.shape != r.shape)
    return fail("expected shape " + shapeText(r.shape) + ", the file has " + shapeText(w->value.shape) +
                (layer != r.layer ? " (matched to file layer '" + layer + "')" : ""));
  return *w;
}

} // namespace xcc
