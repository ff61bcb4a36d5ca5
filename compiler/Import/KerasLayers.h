// One Keras layer (a config from the model JSON) → one xnn op with its xnn.param operands.
#ifndef XCC_IMPORT_KERASLAYERS_H
#define XCC_IMPORT_KERASLAYERS_H

#include "Import/KerasGraph.h"
#include "Models/ModelBuilder.h"

#include <map>
#include <string>
#include <utility>

namespace xcc {

/// Empty when `layer` (not an InputLayer or nested model) can be imported; otherwise why not, e.g.
/// "class 'LSTM' is not supported" or "activation 'tanh' is not supported".
std::string unsupportedReason(const KerasLayer &layer);

/// The xnn.param values made so far in one model body, by (layer, weight): the later calls of a shared layer use
/// the first call's, so its weights exist once and training sums every call's gradient into them.
using LayerParams = std::map<std::pair<std::string, std::string>, mlir::Value>;

/// Emits call `node` of `layer` applied to `inputs` at the builder's insertion point (a later call is named and
/// marked as xnn/LayerCalls.h says). Its parameters come from `params` when an earlier call made them; new ones are
/// read from the weights file under the layer's names when `paramsFromFile`, else initialized as the config says.
/// Fails (with a diagnostic at the builder's location) when the layer does not fit its input shapes.
mlir::FailureOr<mlir::Value> emitLayerCall(ModelBuilder &mb, const KerasLayer &layer, int node, mlir::ValueRange inputs,
                                           bool paramsFromFile, LayerParams &params);

} // namespace xcc

#endif // XCC_IMPORT_KERASLAYERS_H
