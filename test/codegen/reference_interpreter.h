// Runs a kg::Graph (as xcc compiled it, before folding) with the plain reference ops of test/reference.
#ifndef XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H
#define XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H

#include "Lowering/KernelGraph.h"
#include "reference.h"

#include <vector>

namespace xcc::test {

/// Forward pass in inference semantics (moving statistics, no dropout), in double precision.
/// `params` are the values of graph.params, in order.
ref::TensorD runReference(const kg::Graph &graph, const ref::TensorD &input, const std::vector<ref::TensorD> &params);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H
