// A saved Keras compile() (Keras 2 training_config, Keras 3 compile_config) → one xnn.phase.
#ifndef XCC_IMPORT_KERASCOMPILE_H
#define XCC_IMPORT_KERASCOMPILE_H

#include "mlir/IR/Builders.h"

#include <nlohmann/json.hpp>

#include <string>

namespace xcc {

/// Appends xnn.phase "train" (xnn::kImportedPhase) with the saved loss, optimizer and metrics. Returns the reason when xnn cannot
/// express them (another loss or optimizer, a learning-rate schedule): then no phase is added.
std::string addCompiledPhase(mlir::OpBuilder &b, mlir::Location loc, const nlohmann::json &compileConfig);

} // namespace xcc

#endif // XCC_IMPORT_KERASCOMPILE_H
