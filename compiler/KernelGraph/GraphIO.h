// Saves and loads a kg::Graph: a JSON description plus a little-endian float32 blob with the constants.
// Tests use it to run the plain reference implementation on exactly what xcc compiled.
#ifndef XCC_KERNELGRAPH_GRAPHIO_H
#define XCC_KERNELGRAPH_GRAPHIO_H

#include "KernelGraph/KernelGraph.h"

#include <string>

namespace xcc::kg {

/// JSON text of `graph`; constants' data go to `blob` (appended), referenced by offset.
std::string toJson(const Graph &graph, std::string &blob);

/// `xcc compile --emit=kernel-graph`: the graph's lists, then one line per node ("%<index> {json}") with only the
/// fields that differ from a default node of its kind, constants as their value count: for reading and lit.
std::string toListing(const Graph &graph);

/// Inverse of toJson; throws std::runtime_error naming `what` (the file) and the reason on malformed input.
Graph fromJson(const std::string &json, const std::string &blob, const std::string &what);

} // namespace xcc::kg

#endif // XCC_KERNELGRAPH_GRAPHIO_H
