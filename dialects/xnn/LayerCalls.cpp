#include "xnn/LayerCalls.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;

namespace xnn {

StringRef kerasLayerOf(LayerOpInterface op) {
  if (auto of = op->getAttrOfType<StringAttr>(kCallOfAttr))
    return of.getValue();
  return op.getLayer();
}

std::string layerCallName(StringRef layer, int node) {
  return node == 0 ? layer.str() : layer.str() + "_ib-" + std::to_string(node);
}

LogicalResult verifyLayerCalls(Region &body) {
  llvm::StringMap<LayerOpInterface> first;
  for (auto layer : body.getOps<LayerOpInterface>()) {
    if (layer->hasAttr(kCallOfAttr) && !layer->getAttrOfType<StringAttr>(kCallOfAttr))
      return layer->emitOpError("'") << kCallOfAttr << "' must name a layer (a string)";
    auto [it, inserted] = first.try_emplace(kerasLayerOf(layer), layer);
    if (inserted)
      continue;
    LayerOpInterface other = it->second;
    if (other->getName() != layer->getName() || other.getTrainable() != layer.getTrainable())
      return layer->emitOpError("'") << layer.getLayer() << "' calls layer '" << kerasLayerOf(layer) << "', which is a "
                                     << other->getName() << " with trainable = " << other.getTrainable()
                                     << "; every call of a layer is the same op with the "
                                     << "same trainable flag";
  }
  return success();
}

} // namespace xnn
