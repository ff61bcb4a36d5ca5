// One Keras layer (a config from the model JSON) → one xnn op with its xnn.param operands.
#ifndef XCC_IMPORT_KERASLAYERS_H
#define XCC_IMPORT_KERASLAYERS_H

#include "Import/KerasGraph.h"
#include "Models/ModelBuilder.h"

namespace xcc {

/// Empty when `layer` (not an InputLayer or nested model) can be imported; otherwise why not, e.g.
/// "class 'LSTM' is not supported" or "activation 'tanh' is not supported".
std::string unsupportedReason(const KerasLayer &layer);

/// Emits `layer` applied to `inputs` at the builder's insertion point. Its parameters are read from the weights
/// file under the layer's names when `paramsFromFile`, else initialized as the config says. Fails (with a
/// diagnostic at the builder's location) when the layer does not fit its input shapes.
mlir::FailureOr<mlir::Value> emitLayer(ModelBuilder &mb, const KerasLayer &layer, mlir::ValueRange inputs,
                                       bool paramsFromFile);

} // namespace xcc

#endif // XCC_IMPORT_KERASLAYERS_H
