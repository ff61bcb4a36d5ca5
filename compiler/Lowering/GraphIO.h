// Saves and loads a kg::Graph: a JSON description plus a little-endian float32 blob with the constants.
// Tests use it to run the plain reference implementation on exactly what xcc compiled.
#ifndef XCC_LOWERING_GRAPHIO_H
#define XCC_LOWERING_GRAPHIO_H

#include "Lowering/KernelGraph.h"

#include <string>

namespace xcc::kg {

/// JSON text of `graph`; constants' data go to `blob` (appended), referenced by offset.
std::string toJson(const Graph &graph, std::string &blob);

/// Inverse of toJson; throws std::runtime_error naming `what` (the file) and the reason on malformed input.
Graph fromJson(const std::string &json, const std::string &blob, const std::string &what);

} // namespace xcc::kg

#endif // XCC_LOWERING_GRAPHIO_H
