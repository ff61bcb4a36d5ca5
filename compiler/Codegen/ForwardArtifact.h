// Compiles a kernel graph ahead of time with Halide: the forward function of every phase, and the train step of
// a training phase.
#ifndef XCC_CODEGEN_FORWARDARTIFACT_H
#define XCC_CODEGEN_FORWARDARTIFACT_H

#include "KernelGraph/EntryPoint.h"
#include "Codegen/StagingDir.h"
#include "KernelGraph/KernelGraph.h"

#include <string>

namespace xcc {

/// Backward nodes per pipeline of a train step (Codegen/TrainArtifact.cpp says why there are slices): each of
/// Xception's fine-tune slices took 15-20 s to compile (BENCHMARKS.md, compile times).
inline constexpr size_t kDefaultSliceNodes = 48;

struct ArtifactEmit {
  std::string function; ///< C symbol of the generated function
  std::string target;   ///< Halide target string
  bool library = true;  ///< <function>.a and <function>.h
  bool stmt = false;    ///< <function>.stmt: Halide's lowered statement form, for review
  bool runtime = true;  ///< include Halide's runtime (exactly one library of a link must)
  size_t sliceNodes = kDefaultSliceNodes; ///< train step: backward nodes per pipeline
};

/// Builds, schedules and compiles the forward pass of `graph` (a train step's graph gives its forward half)
/// into `out`. Throws std::runtime_error with the reason on failure.
void emitForward(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out);

/// A phase's frozen prefix and the model after it, both forward graphs (KernelGraph/FrozenPrefix.h).
struct PrefixGraphs {
  const kg::Graph &features, &headForward;
};

/// The train step of a graph derived by --xcc-autodiff: <function>_forward, _backward and _update in one library
/// (xcc/runtime/train_plan.h), with the Halide runtime. With `prefix`, `graph` is the part after the frozen
/// prefix and the library also holds <function>_features and <function>_head_forward. Returns what the entry
/// point's plan needs. Throws std::runtime_error on failure.
TrainPlanInfo emitTrainStep(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out,
                            const PrefixGraphs *prefix = nullptr);

} // namespace xcc

#endif // XCC_CODEGEN_FORWARDARTIFACT_H
