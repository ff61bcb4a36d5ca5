// Repeated structure in a kernel graph: stretches of layers that are copies of each other up to their weights
// (Xception's eight middle-flow blocks, MobileNetV2's repeated inverted-residual blocks). Where the weights are
// run-time inputs (a training phase), the copies can share one compiled kernel instead of one each.
//
// Finding copies is a heuristic (`findRepeats` proposes where to cut); whether two stretches may share code is
// decided by `matchSlices`, which checks every node the code generator reads for either stretch.
#ifndef XCC_KERNELGRAPH_REPEATS_H
#define XCC_KERNELGRAPH_REPEATS_H

#include "KernelGraph/KernelGraph.h"

#include <map>
#include <optional>
#include <vector>

namespace xcc::kg {

/// Nodes [begin, end) of a graph.
struct Range {
  int begin = 0, end = 0;
};

/// `count` consecutive copies of `length` nodes of a sequence, the first starting at position `start`.
struct Repeat {
  size_t start, length, count;
};

/// Copies in the node sequence `ids` (one half of a train step, in graph order), non-overlapping, each copy at
/// least `minLength` nodes long, the longest saving first. Nodes compare by kind, attributes, shape and where
/// their operands are relative to them; `inHalf[i]` says whether node i belongs to the sequence's half (an
/// operand outside it, such as the forward value a gradient reads, compares by kind and shape only).
std::vector<Repeat> findRepeats(const Graph &g, const std::vector<int> &ids, const std::vector<bool> &inHalf,
                                size_t minLength);

/// Whether code generated for slice `a` computes slice `b` when given b's inputs in place of a's: the same
/// nodes in the same order, each reading corresponding nodes, down to what the code generator reads for a node
/// (its operands; for a gradient, also the forward layer's operands; for a separable convolution, the depthwise
/// kernel's shape). A layer outside the slice that is only read as a value compares by its shape. Constants
/// compare without their values (shared code reads them as inputs). `roles[i]`
/// tells nodes apart that must not correspond although they look alike (e.g. which half a node is in).
/// Returns the map from every node the code for `a` reads to its counterpart for `b`.
std::optional<std::map<int, int>> matchSlices(const Graph &g, Range a, Range b, const std::vector<int> &roles);

} // namespace xcc::kg

#endif // XCC_KERNELGRAPH_REPEATS_H
