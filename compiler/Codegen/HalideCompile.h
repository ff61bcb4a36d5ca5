// What the forward and train-step pipelines share: the forward pipeline, output bounds, error reporting.
// Halide side only (RTTI); the MLIR side sees Codegen/ForwardArtifact.h.
#ifndef XCC_CODEGEN_HALIDECOMPILE_H
#define XCC_CODEGEN_HALIDECOMPILE_H

#include "Codegen/ForwardArtifact.h"
#include "Halide/LoweredModel.h"

#include "Halide.h"

#include <functional>

namespace xcc {

/// The forward pass of `graph` as one scheduled pipeline named `function`: arguments the input, then the
/// trainable parameters in graph order; output the graph's first output.
Halide::Module forwardModule(const kg::Graph &graph, const std::string &function, const Halide::Target &target,
                             hl::GemmPrecision precision);

/// Tells Halide the static extents of an output's non-batch dimensions (Keras `shape`), so it checks callers and
/// folds indexing.
void boundOutput(Halide::OutputImageParam buffer, const std::vector<int64_t> &shape);

class ArtifactBuild;

/// Adds the train step's pipelines (TrainArtifact.cpp) to `build`, in library `function`; returns its plan. With
/// `prefix`, the step also runs the prefix's pipelines, which the forward library holds.
TrainPlanInfo addTrainStep(const kg::Graph &graph, const std::string &function, const PrefixGraphs *prefix,
                           const ArtifactEmit &emit, ArtifactBuild &build);

/// Runs `body`, reporting Halide's errors as std::runtime_error (callers are built without RTTI and cannot
/// catch Halide's exception types).
void withHalideErrors(const std::function<void()> &body);

} // namespace xcc

#endif // XCC_CODEGEN_HALIDECOMPILE_H
