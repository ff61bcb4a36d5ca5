//===- hdf5_legacy.cpp - Keras legacy HDF5 weight layout ------------------===//
//
// Root (or `model_weights/` in full-model files) carries `layer_names`; each
// layer group carries `weight_names`; the data sits at <layer>/<weight_name>.
// Names are always taken from those attributes, never from a directory walk:
// that is what Keras itself does, and it keeps the file order.
//
//===----------------------------------------------------------------------===//
#include "common.h"
#include "hdf5_layouts.h"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace xcc::weights::detail {

namespace {

// A scalar string attribute (model_config), or nullopt when absent.
std::optional<std::string> readScalarString(const H5Context &c, hid_t obj,
                                            const std::string &objName,
                                            const std::string &name) {
  if (H5Aexists(obj, name.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  auto list = readStringListAttr(c, obj, objName, name);
  if (!list || list->size() != 1)
    throw WeightsError(c.file, "attribute '" + name + "' is not a single string");
  return (*list)[0];
}

void checkLayerName(const H5Context &c, const std::string &layer) {
  // A name like "." or "a/b" would resolve to another group than the layer's.
  if (layer.empty() || layer == "." || layer.find('/') != std::string::npos)
    throw WeightsError(c.file, "layer_names holds an invalid layer name '" + layer + "'");
}

void readLayerWeights(const H5Context &c, hid_t root, const std::string &prefix,
                      const std::string &group, const std::string &layer,
                      WeightFile &wf) {
  H5Handle g = openGroup(c, root, group);
  auto names = readStringListAttr(c, g.get(), prefix + group, "weight_names");
  if (!names)
    throw WeightsError(c.file, "layer group '" + prefix + group +
                                   "' has no weight_names attribute");
  for (const std::string &wname : *names) {
    if (wname.empty())
      throw WeightsError(c.file, "layer '" + group + "' lists an empty weight name");
    std::string full = prefix + group + "/" + wname;
    NamedWeight w;
    w.path = full;
    w.layer = layer;
    w.weight = splitWeightName(wname).weight;
    w.value = readFloatDataset(c, g.get(), wname, full);
    wf.weights.push_back(std::move(w));
  }
}

} // namespace

void readLegacyLayout(const H5Context &c, WeightFile &wf) {
  wf.format = Format::LegacyH5;
  H5Handle file(H5Gopen2(c.fileId, "/", H5P_DEFAULT));
  if (!file.valid())
    throwHdf5(c.file, "cannot open the root group");

  // Full-model files nest the weights and keep the graph at the root.
  std::string prefix;
  H5Handle root;
  if (isGroup(c.fileId, "model_weights")) {
    prefix = "model_weights/";
    root = openGroup(c, c.fileId, "model_weights");
    if (auto cfg = readScalarString(c, file.get(), "/", "model_config")) {
      if (!nlohmann::json::accept(*cfg))
        throw WeightsError(c.file, "attribute 'model_config' is not valid JSON");
      wf.modelConfigJson = std::move(*cfg);
    }
    if (auto cfg = readScalarString(c, file.get(), "/", "training_config")) {
      if (!nlohmann::json::accept(*cfg))
        throw WeightsError(c.file, "attribute 'training_config' is not valid JSON");
      wf.trainingConfigJson = std::move(*cfg);
    }
  } else {
    root = std::move(file);
  }

  auto layers = readStringListAttr(c, root.get(), prefix.empty() ? "/" : prefix,
                                   "layer_names");
  if (!layers)
    throw WeightsError(c.file, "no 'layer_names' attribute: not a Keras weight file");
  std::unordered_set<std::string> seen;
  for (const std::string &layer : *layers) {
    checkLayerName(c, layer);
    if (!seen.insert(layer).second)
      throw WeightsError(c.file, "layer_names lists '" + layer + "' twice");
    readLayerWeights(c, root.get(), prefix, layer, layer, wf);
  }
  wf.layerOrder = *layers;

  // Keras 3's legacy writer puts variables owned by the model itself (not by
  // a layer) in this group; they belong to no layer.
  const std::string topLevel = "top_level_model_weights";
  if (!seen.count(topLevel) && isGroup(root.get(), topLevel))
    readLayerWeights(c, root.get(), prefix, topLevel, "", wf);
}

} // namespace xcc::weights::detail
