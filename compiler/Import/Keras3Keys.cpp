#include "Import/Keras3Keys.h"

#include "llvm/ADT/StringMap.h"

#include <cctype>

using namespace mlir;
using namespace xnn;

namespace xcc {

std::string kerasSnakeCase(StringRef name) {
  // The two regex passes of keras.src.utils.naming.to_snake_case: "(.)([A-Z][a-z]+)" -> "\1_\2", then
  // "([a-z])([A-Z])" -> "\1_\2", then lower case.
  std::string s = name.str(), first;
  for (size_t i = 0; i < s.size(); ++i) {
    bool startsWord = i > 0 && std::isupper(static_cast<unsigned char>(s[i])) && i + 1 < s.size() &&
                      std::islower(static_cast<unsigned char>(s[i + 1]));
    if (startsWord)
      first += '_';
    first += s[i];
  }
  std::string second;
  for (size_t i = 0; i < first.size(); ++i) {
    if (i > 0 && std::islower(static_cast<unsigned char>(first[i - 1])) &&
        std::isupper(static_cast<unsigned char>(first[i])))
      second += '_';
    second += char(std::tolower(static_cast<unsigned char>(first[i])));
  }
  return second;
}

namespace {

using KeyMap = std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>>;

void collect(Region &region, const std::string &prefix, KeyMap &keys) {
  llvm::StringMap<int> used;
  llvm::StringMap<std::string> layerKey;
  auto next = [&](StringRef className) {
    std::string base = kerasSnakeCase(className);
    auto [it, fresh] = used.try_emplace(base, 0);
    if (!fresh)
      ++it->second;
    return prefix + (it->second ? base + "_" + std::to_string(it->second) : base);
  };
  for (Operation &op : region.getOps()) {
    if (auto input = dyn_cast<InputOp>(op)) {
      next("InputLayer");
      continue;
    }
    auto layer = dyn_cast<LayerOpInterface>(op);
    if (!layer)
      continue;
    std::string key = next(layer.getKerasClass());
    layerKey[layer.getLayer()] = key;
    if (auto sub = dyn_cast<SubmodelOp>(op))
      collect(sub.getBody(), key + "/", keys);
  }
  // Variables in creation order: trainable-created ones (operand order), then the non-trainable ones.
  llvm::StringMap<std::vector<ParamOp>> byLayer;
  for (ParamOp p : region.getOps<ParamOp>())
    byLayer[p.getLayer()].push_back(p);
  for (auto &entry : byLayer) {
    std::vector<ParamOp> ordered;
    for (bool nonTrainable : {false, true})
      for (ParamOp p : entry.second)
        if (p.getNonTrainable() == nonTrainable)
          ordered.push_back(p);
    for (auto [i, p] : llvm::enumerate(ordered))
      keys[{p.getLayer().str(), p.getWeight().str()}] = {layerKey.lookup(p.getLayer()), std::to_string(i)};
  }
}

} // namespace

KeyMap keras3WeightKeys(ModelOp model) {
  KeyMap keys;
  collect(model.getBody(), "", keys);
  return keys;
}

} // namespace xcc
