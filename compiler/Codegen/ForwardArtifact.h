// Compiles a kernel graph ahead of time with Halide: the forward function of every phase, and the train step of
// a training phase.
#ifndef XCC_CODEGEN_FORWARDARTIFACT_H
#define XCC_CODEGEN_FORWARDARTIFACT_H

#include "Codegen/StagingDir.h"
#include "Lowering/KernelGraph.h"

#include <string>

namespace xcc {

struct ArtifactEmit {
  std::string function; ///< C symbol of the generated function
  std::string target;   ///< Halide target string
  bool library = true;  ///< <function>.a and <function>.h
  bool stmt = false;    ///< <function>.stmt: Halide's lowered statement form, for review
  bool runtime = true;  ///< include Halide's runtime (exactly one library of a link must)
};

/// Builds, schedules and compiles the forward pass of `graph` (a train step's graph gives its forward half)
/// into `out`. Throws std::runtime_error with the reason on failure.
void emitForward(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out);

/// The train step of a graph derived by --xcc-autodiff: forward, loss, backward and optimizer update in one
/// function. Its arguments, in order: input, labels, sample_weights, the parameters, the optimizer slots (slot
/// by slot, each in parameter order), learning_rate, iteration, dropout_seed; outputs: loss, metrics, then per
/// parameter its new value and new slots. Throws std::runtime_error on failure.
void emitTrainStep(const kg::Graph &graph, const ArtifactEmit &emit, const StagingDir &out);

} // namespace xcc

#endif // XCC_CODEGEN_FORWARDARTIFACT_H
