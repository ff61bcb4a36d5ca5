// The frozen prefix of a phase: the nodes from the input up to the first one that depends on a trainable
// parameter or on a random draw (Dropout in training mode). For a given image its output is the same in every
// step of the phase, so the runtime may compute it once per image and train the rest on it (fit's feature
// cache); where the input is augmented anew every epoch it still runs, just not cached.
//
// The split is plain data work on the kernel graph: the prefix becomes a forward graph of its own (input ->
// boundary value) and the rest a graph whose input is the boundary value. Running one after the other computes
// exactly what the unsplit graph does, so the runtime can use them for every step.
#ifndef XCC_KERNELGRAPH_FROZENPREFIX_H
#define XCC_KERNELGRAPH_FROZENPREFIX_H

#include "KernelGraph/KernelGraph.h"

#include <optional>
#include <string>

namespace xcc::kg {

struct FrozenSplit {
  Graph prefix;      ///< the input -> the boundary value (inference semantics; a frozen prefix has no parameters)
  Graph rest;        ///< the boundary value, as an Input -> the graph's outputs (and its train step)
  std::string layer; ///< the Keras layer whose output is the boundary
  OpKind kind;       ///< and its kind (a layer name alone may stand for several nodes)
  /// Positions in the split graph's `params` of the prefix's and the rest's parameters, in their order.
  std::vector<int> prefixParams, restParams;
};

/// The node where `g` splits: the one value that is fixed per image and read by a node that is not; nothing
/// when the graph's first layer already trains (fine-tuning everything), when the fixed part has no frozen
/// weights or hands over more than one value, or when a model output is fixed.
std::optional<int> frozenBoundary(const Graph &g);

/// The last node of `g` computed by layer `layer` with kind `kind`; nothing if none.
std::optional<int> findLayerNode(const Graph &g, const std::string &layer, OpKind kind);

/// A forward graph as a chain of pieces of at least `layers` layers each (the last may be shorter), cut after
/// nodes whose value is the only one (besides constants) that the rest reads: each piece's output is the next
/// one's input. One piece when there is no such place. Compiled apart, the pieces lower in parallel. Each
/// piece is a FrozenSplit's `prefix`, its parameters' positions in `g.params` its `prefixParams`.
std::vector<FrozenSplit> splitChain(const Graph &g, size_t layers);

/// Splits `g` after node `boundary`. Throws std::runtime_error when a node after the boundary reads a node
/// before it other than the boundary or a constant (the prefix would not hand over everything).
FrozenSplit splitAt(const Graph &g, int boundary);

} // namespace xcc::kg

#endif // XCC_KERNELGRAPH_FROZENPREFIX_H
