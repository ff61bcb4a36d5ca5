// manifest.json of a compiled artifact: what the runtime needs to feed it and to check checkpoints against it.
#ifndef XCC_LOWERING_MANIFEST_H
#define XCC_LOWERING_MANIFEST_H

#include "Lowering/KernelGraph.h"

#include <string>

namespace xcc {

struct ArtifactInfo {
  std::string model, phase, function, target;
  std::string trainFunction; ///< empty for the inference phase
};

/// Hash (FNV-1a 64, hex) of every constant baked into the code: names, shapes and bytes, in graph order.
std::string frozenWeightsHash(const kg::Graph &graph);

/// The manifest as JSON text: input/output shapes, trainable parameters in argument order (each with its first
/// value's source: "init" an initializer name plus "seed", or "weights" plus "source"), the frozen hash.
/// `train`, the graph of the phase's train step, adds the "train" section: loss, optimizer and its defaults,
/// metrics, optimizer slots and the train step's argument order.
std::string manifestJson(const kg::Graph &graph, const ArtifactInfo &info, const kg::Graph *train = nullptr);

} // namespace xcc

#endif // XCC_LOWERING_MANIFEST_H
