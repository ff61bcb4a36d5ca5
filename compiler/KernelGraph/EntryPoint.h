// The entry point of a compiled artifact: a small C++ file exposing the manifest and the generated functions
// through xcc's own C ABI (runtime/include/xcc/runtime/abi.h), so the runtime never needs a Halide header.
#ifndef XCC_KERNELGRAPH_ENTRYPOINT_H
#define XCC_KERNELGRAPH_ENTRYPOINT_H

#include "xcc/runtime/train_plan.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace xcc {

/// A train step's plan (xcc/runtime/train_plan.h): its pipelines, in call order, and what each argument is.
struct TrainPlanInfo {
  /// What an argument is: the ABI's own list (XCC_ARG_*), so that the two sides cannot disagree.
  using Arg = xcc_train_arg_kind;
  /// `shape`: for a buffer, its Keras shape as the pipeline was compiled for it (-1 for the batch), which the
  /// driver checks before each call with the element type (a value's, from bf16Values; float32 for the rest)
  /// (the pipelines are compiled without Halide's own checks; ArtifactBuild.h).
  struct ArgRef {
    Arg kind;
    int index = 0;
    std::vector<int64_t> shape = {};
  };
  struct Call {
    std::string function; ///< a Halide pipeline: <function>_argv
    std::vector<ArgRef> args;
    bool flat = false; ///< buffers passed as 1-D views of their elements (xcc_train_call's `flat`)
  };
  std::string function;                      ///< the driver: <function>_argv
  std::vector<std::vector<int64_t>> values;  ///< intermediates' Keras shapes, -1 for the batch
  std::set<int> bf16Values;                  ///< the intermediates stored in bfloat16 (the others: float32)
  std::vector<Call> calls;
  int params = 0, slots = 0;
  /// A phase whose frozen prefix is split off (KernelGraph/FrozenPrefix.h): `calls` then start from the prefix's
  /// output (Arg::Input is the features), and the entry point also drives the step from images by running
  /// `features` first into value `value`.
  struct Prefix {
    std::string features;    ///< pipeline: images -> features
    std::string headForward; ///< pipeline: features, parameters -> the model's output
    int value = -1;
    std::vector<int64_t> input; ///< the images' shape, -1 for the batch
  };
  std::optional<Prefix> prefix;
};

/// The header declarations of a function the entry point defines as a driver: its argv form and the buffer form
/// Halide gives a pipeline (input, `params` parameters, output).
std::string drivenDeclarations(const std::string &function, size_t params);

/// Name of the file `entryPointSource` is written to: "<function>_entry.cpp".
std::string entryPointFile(const std::string &function);

/// C++ source defining `extern "C" const xcc_artifact *xcc_artifact_<function>(void)`, which returns the manifest
/// (as a raw string literal), `&<function>_argv` and, for a training phase (`train` not null), the train step's
/// driver. Each of `driven` (in an order where each calls only pipelines and earlier ones) is a function defined
/// here as the driver of its plan of pipelines (arguments XCC_ARG_INPUT, XCC_ARG_PARAM, XCC_ARG_VALUE,
/// XCC_ARG_OUTPUT), <function> itself among them or not. Throws std::runtime_error if the manifest cannot be
/// embedded.
std::string entryPointSource(const std::string &function, const TrainPlanInfo *train,
                             const std::vector<TrainPlanInfo> &driven, const std::string &manifestJson);

} // namespace xcc

#endif // XCC_KERNELGRAPH_ENTRYPOINT_H
