// Reading the Keras graph out of whatever file the user has: a tfjs model.json (or its folder), a Keras 3
// config.json or .keras, a full-model legacy .h5.
#ifndef XCC_IMPORT_KERASSOURCE_H
#define XCC_IMPORT_KERASSOURCE_H

#include "Import/KerasGraph.h"

#include <optional>
#include <set>
#include <string>

namespace xcc {

struct KerasSource {
  KerasGraph graph;
  /// Layers the file has weights for (present or in a missing shard); nullopt when the file does not say which
  /// (a bare config.json, or Keras 3 weights, which are keyed by class and counter rather than by layer name).
  std::optional<std::set<std::string>> weightLayers;
  /// A .keras archive without model.weights.h5: the graph imports, but compiling it needs --weights FILE or
  /// --random-weights.
  bool noWeightsFile = false;
};

/// Throws std::runtime_error with a message that names `path` (missing file, malformed JSON, no graph).
KerasSource readKerasSource(const std::string &path);

} // namespace xcc

#endif // XCC_IMPORT_KERASSOURCE_H
