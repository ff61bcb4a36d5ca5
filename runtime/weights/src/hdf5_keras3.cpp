//===- hdf5_keras3.cpp - Keras 3 `.weights.h5` layout ---------------------===//
//
// Keras 3 saves each saveable's variables at <inner_path>/vars/<i>, where the
// inner path walks `layers/<key>` (key = snake_case class name + counter,
// e.g. conv2d_1) and nests for models inside models. Variables carry no
// names, only indices. Other top-level subtrees (`optimizer`, metrics) are
// training state, not model weights: they are recorded in `skipped`.
//
//===----------------------------------------------------------------------===//
#include "common.h"
#include "hdf5_layouts.h"

#include <set>

namespace xcc::weights::detail {

namespace {

struct Keras3Walker {
  const H5Context &c;
  WeightFile &wf;
  // Keras writes a tree, but HDF5 hard links can make any graph, a group holding itself included: without this
  // the walk recurses until the stack overflows (found by test/fuzz's h5 target).
  std::set<std::string> entered;

  /// Opens the group at `path`; throws when the walk has been inside it before.
  H5Handle enter(const std::string &path) {
    H5Handle g = openGroup(c, c.fileId, path);
    if (!entered.insert(objectIdentity(c, g.get(), path)).second)
      throw WeightsError(c.file, "HDF5 group '" + path + "' is linked from two places (a cycle or a shared "
                                 "group): not a Keras 3 weights layout");
    return g;
  }

  void readVars(const std::string &path, const std::string &key) {
    H5Handle g = enter(path);
    for (const std::string &idx : childNames(c, g.get(), path)) {
      NamedWeight w;
      w.path = path + "/" + idx;
      w.layer = key;
      w.weight = idx;
      w.value = readFloatDataset(c, g.get(), idx, w.path);
      wf.weights.push_back(std::move(w));
    }
  }

  // A `layers` group: each child is one saveable.
  void walkLayers(const std::string &path, const std::string &keyPrefix) {
    H5Handle g = enter(path);
    for (const std::string &child : childNames(c, g.get(), path))
      visit(path + "/" + child, keyPrefix.empty() ? child : keyPrefix + "/" + child);
  }

  void visit(const std::string &path, const std::string &key) {
    if (!isGroup(c.fileId, path)) {
      wf.skipped.push_back(path + " (not a group)");
      return;
    }
    wf.layerOrder.push_back(key);
    H5Handle g = enter(path);
    for (const std::string &child : childNames(c, g.get(), path)) {
      std::string childPath = path + "/" + child;
      if (child == "vars" && isGroup(c.fileId, childPath))
        readVars(childPath, key);
      else if (child == "layers" && isGroup(c.fileId, childPath))
        walkLayers(childPath, key);
      else if (isGroup(c.fileId, childPath)) // a saveable held in an attribute
        visit(childPath, key + "/" + child);
      else
        wf.skipped.push_back(childPath + " (not a Keras variable group)");
    }
  }
};

} // namespace

void readKeras3Layout(const H5Context &c, WeightFile &wf) {
  wf.format = Format::Keras3WeightsH5;
  Keras3Walker walker{c, wf, {}};
  H5Handle root = walker.enter("/");
  for (const std::string &child : childNames(c, root.get(), "/")) {
    if (child == "vars" && isGroup(c.fileId, "vars"))
      walker.readVars("vars", "");
    else if (child == "layers" && isGroup(c.fileId, "layers"))
      walker.walkLayers("layers", "");
    else
      wf.skipped.push_back(child + " (training state, not layer weights)");
  }
}

} // namespace xcc::weights::detail
