// The entry point of a compiled artifact: a small C++ file exposing the manifest and the generated functions
// through xcc's own C ABI (runtime/include/xcc/runtime/abi.h), so the runtime never needs a Halide header.
#ifndef XCC_CODEGEN_ENTRYPOINT_H
#define XCC_CODEGEN_ENTRYPOINT_H

#include <cstdint>
#include <string>
#include <vector>

namespace xcc {

/// What a train step's plan (xcc/runtime/train_plan.h) records about its three pipelines.
struct TrainPlanInfo {
  std::string function; ///< <function>_forward / _backward / _update, and the driver <function>_argv
  struct Stored {
    std::vector<int64_t> shape; ///< Keras shape, -1 for the batch
    bool isInput = false;
  };
  std::vector<Stored> stored;
  std::vector<bool> reached; ///< per parameter
  std::vector<std::vector<int64_t>> paramShapes;
  int slots = 0, metrics = 0;
};

/// Name of the file `entryPointSource` is written to: "<function>_entry.cpp".
std::string entryPointFile(const std::string &function);

/// C++ source defining `extern "C" const xcc_artifact *xcc_artifact_<function>(void)`, which returns the manifest
/// (as a raw string literal), `&<function>_argv` and, for a training phase (`train` not null), the train step's
/// driver. Throws std::runtime_error if the manifest cannot be embedded.
std::string entryPointSource(const std::string &function, const TrainPlanInfo *train, const std::string &manifestJson);

} // namespace xcc

#endif // XCC_CODEGEN_ENTRYPOINT_H
