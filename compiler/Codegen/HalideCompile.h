// What the forward and train-step artifacts share: the output files, the forward pipeline, error reporting.
// Halide side only (RTTI); the MLIR side sees Codegen/ForwardArtifact.h.
#ifndef XCC_CODEGEN_HALIDECOMPILE_H
#define XCC_CODEGEN_HALIDECOMPILE_H

#include "Codegen/ForwardArtifact.h"

#include "Halide.h"

#include <functional>

namespace xcc {

/// The files `emit` asks for: <function>.a/.h (emit.library), <function>.stmt (emit.stmt), in `out`.
std::map<Halide::OutputFileType, std::string> outputFiles(const ArtifactEmit &emit, const StagingDir &out);

/// The forward pass of `graph` as one scheduled pipeline named `function`: arguments the input, then the
/// trainable parameters in graph order; output the graph's first output.
Halide::Module forwardModule(const kg::Graph &graph, const std::string &function, const Halide::Target &target);

/// Tells Halide the static extents of an output's non-batch dimensions (Keras `shape`), so it checks callers and
/// folds indexing.
void boundOutput(Halide::OutputImageParam buffer, const std::vector<int64_t> &shape);

/// Runs `body`, reporting Halide's errors as std::runtime_error (callers are built without RTTI and cannot
/// catch Halide's exception types).
void withHalideErrors(const std::function<void()> &body);

} // namespace xcc

#endif // XCC_CODEGEN_HALIDECOMPILE_H
