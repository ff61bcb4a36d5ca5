// Compiles a kernel graph ahead of time with Halide: the forward function of every phase, and the train step of
// a training phase.
#ifndef XCC_CODEGEN_FORWARDARTIFACT_H
#define XCC_CODEGEN_FORWARDARTIFACT_H

#include "KernelGraph/EntryPoint.h"
#include "Support/StagingDir.h"
#include "KernelGraph/KernelGraph.h"

#include <optional>
#include <string>

namespace xcc {

/// Layers per pipeline of a train step's slices and of a forward graph's chain (TrainArtifact.cpp says why):
/// Xception's fine-tune slices take 13-25 s each to lower and compile (BENCHMARKS.md, "Compile time").
inline constexpr size_t kDefaultSliceNodes = 48;

struct ArtifactEmit {
  std::string target;   ///< Halide target string
  bool library = true;  ///< <function>.a and <function>.h
  bool stmt = false;    ///< <function>.stmt: Halide's lowered statement form, for review
  size_t sliceNodes = kDefaultSliceNodes; ///< train step: backward nodes per pipeline
  bool shareRepeats = true; ///< train step: copies of a stretch of layers call one kernel (TrainArtifact.cpp)
  unsigned jobs = 0;    ///< worker processes compiling pipelines; 0: one per core this process may use
  /// The compile cache's folder (Support/CompileCache.h), empty: none; and what determines the libraries besides
  /// the options above and the Halide version: the graphs after the passes and the compiler (tools/xcc).
  std::string cacheFolder, cacheKey;
};

/// A phase's frozen prefix and the model after it, both forward graphs (KernelGraph/FrozenPrefix.h).
struct PrefixGraphs {
  const kg::Graph &features, &headForward;
};

/// What one phase's artifact compiles.
struct ArtifactGraphs {
  std::string forwardFunction; ///< C symbol of the forward function
  const kg::Graph &forward;
  /// A training phase: its train step, a graph derived by --xcc-autodiff (with `prefix`, the part after the
  /// frozen prefix), compiled as <trainFunction>_forward, _backward<k>, _update (xcc/runtime/train_plan.h)
  /// and with `prefix` also <trainFunction>_features and _head_forward.
  std::string trainFunction;
  const kg::Graph *trainStep = nullptr;
  const PrefixGraphs *prefix = nullptr;
};

/// The pipelines of a split phase's prefix and of the rest of its forward: <trainFunction>_features and
/// <trainFunction>_head_forward.
std::string featuresFunction(const std::string &trainFunction);
std::string headForwardFunction(const std::string &trainFunction);

/// The plans the entry point drives: the train step's, and those of the functions made of pipelines in a row.
/// A forward graph is compiled as a chain of pipelines (kg::splitChain), which lower in parallel. A phase with a
/// frozen prefix computes its forward as the prefix, then the rest: the two functions the train step needs
/// anyway, so the frozen base is compiled once (and its constants stored once).
struct ArtifactPlans {
  std::optional<TrainPlanInfo> train;
  std::vector<TrainPlanInfo> driven; ///< in an order where each calls only pipelines and earlier ones
  std::string matmul;                ///< how the GEMMs multiply (hl::gemmPrecisionName), for the manifest
};

/// Builds, schedules and compiles every pipeline of the artifact into `out`: <forwardFunction>.a/.h and, for a
/// training phase, <trainFunction>.a/.h with the Halide runtime. Returns the plans for the entry point. Throws
/// std::runtime_error with the reason on failure.
ArtifactPlans emitArtifact(const ArtifactGraphs &graphs, const ArtifactEmit &emit, const StagingDir &out);

} // namespace xcc

#endif // XCC_CODEGEN_FORWARDARTIFACT_H
