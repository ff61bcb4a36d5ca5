// Exports a model that went through the forward pipeline as a kg::Graph.
#ifndef XCC_EXPORT_EXPORTGRAPH_H
#define XCC_EXPORT_EXPORTGRAPH_H

#include "KernelGraph/KernelGraph.h"
#include "xnn/Xnn.h"

namespace xcc {

/// Fails with a diagnostic on what cannot be lowered: nested models not inlined, or frozen parameters that were
/// not materialized.
mlir::FailureOr<kg::Graph> exportGraph(xnn::ModelOp model);

} // namespace xcc

#endif // XCC_EXPORT_EXPORTGRAPH_H
