// Shared layers: one Keras layer called more than once (one Dense applied to two branches).
//
// The first call is the layer's own op. Each later call is an op of the same kind named by Keras's node key
// ("dense_ib-1", tf.keras's _make_node_key), so that every op keeps a unique name for kernels and gradients, and
// it carries `xnn.call_of = "dense"`. All calls use the same xnn.param values: the weights exist once, and a
// train step sums the gradients of every call into them, as Keras does.
#ifndef XNN_LAYERCALLS_H
#define XNN_LAYERCALLS_H

#include "xnn/Xnn.h"

#include <string>

namespace xnn {

/// The discardable attribute that marks a later call of a shared layer.
constexpr llvm::StringLiteral kCallOfAttr = "xnn.call_of";

/// The Keras layer `op` is a call of: its `xnn.call_of`, else its own layer name.
llvm::StringRef kerasLayerOf(LayerOpInterface op);

/// The op name of call `node` (Keras's node index) of `layer`: the layer's own name for the first call.
std::string layerCallName(llvm::StringRef layer, int node);

/// Every call of one layer in `body` is the same kind of op with the same `trainable` flag: Keras has one layer
/// object, so its calls cannot differ in either.
mlir::LogicalResult verifyLayerCalls(mlir::Region &body);

} // namespace xnn

#endif // XNN_LAYERCALLS_H
