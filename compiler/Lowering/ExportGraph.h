// Exports a model that went through the forward pipeline as a kg::Graph.
#ifndef XCC_LOWERING_EXPORTGRAPH_H
#define XCC_LOWERING_EXPORTGRAPH_H

#include "Lowering/KernelGraph.h"
#include "xnn/Xnn.h"

namespace xcc {

/// Fails with a diagnostic on what cannot be lowered: nested models not inlined, or frozen parameters that were
/// not materialized.
mlir::FailureOr<kg::Graph> exportGraph(xnn::ModelOp model);

} // namespace xcc

#endif // XCC_LOWERING_EXPORTGRAPH_H
