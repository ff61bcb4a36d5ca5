// Compiles the forward pipeline of a kernel graph ahead of time with Halide.
#ifndef XCC_CODEGEN_FORWARDARTIFACT_H
#define XCC_CODEGEN_FORWARDARTIFACT_H

#include "Codegen/StagingDir.h"
#include "Lowering/KernelGraph.h"

#include <string>

namespace xcc {

struct ForwardEmit {
  std::string function; ///< C symbol of the generated function
  std::string target;   ///< Halide target string
  bool library = true;  ///< <function>.a and <function>.h
  bool stmt = false;    ///< <function>.stmt: Halide's lowered statement form, for review
};

/// Builds, schedules and compiles the forward pass into `out`. Throws std::runtime_error (or Halide's
/// CompileError) with the reason on failure.
void emitForward(const kg::Graph &graph, const ForwardEmit &emit, const StagingDir &out);

} // namespace xcc

#endif // XCC_CODEGEN_FORWARDARTIFACT_H
