// Runs a kg::Graph (as xcc compiled it, before folding) with the plain reference ops of test/reference.
#ifndef XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H
#define XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H

#include "KernelGraph/KernelGraph.h"
#include "reference.h"

#include <functional>
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

/// Dropout's keep mask (1 keeps, 0 drops) for a node in training mode; empty function: inference semantics.
using DropoutMaskFn = std::function<ref::TensorD(const kg::Node &node, const std::vector<int64_t> &shape)>;

/// Every node's value (empty for nodes without one), in double precision; Dropout nodes in training mode use
/// `masks`, BatchNorm always runs in inference mode (what xcc generates code for).
std::vector<ref::TensorD> runReferenceNodes(const kg::Graph &graph, const ref::TensorD &input,
                                            const std::vector<ref::TensorD> &params, const DropoutMaskFn &masks);

/// The reference attributes of a node, shared with the reference train step.
ref::Activation referenceActivation(kg::Act a);
ref::Conv2DAttrs referenceConvAttrs(const kg::Node &n);
ref::Pool2DAttrs referencePoolAttrs(const kg::Node &n);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_REFERENCE_INTERPRETER_H
