// Runs a kg::Graph (as xcc compiled it, before folding) with the plain reference ops of test/reference.
#ifndef XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H
#define XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H

#include "Lowering/KernelGraph.h"
#include "reference.h"

#include <string>
#include <vector>

namespace xcc::test {

/// The whole file, for reading artifacts' side files; throws naming the path.
std::string readFile(const std::string &path);

/// The graph `xcc compile --emit=reference-graph` wrote into `dir`.
kg::Graph loadReferenceGraph(const std::string &dir);

/// Forward pass in inference semantics (moving statistics, no dropout), in double precision.
/// `params` are the values of graph.params, in order.
ref::TensorD runReference(const kg::Graph &graph, const ref::TensorD &input, const std::vector<ref::TensorD> &params);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H
