// <fn>_entry.cpp: the small C++ file that makes a compiled artifact self-describing. It embeds the manifest and
// exposes the generated forward through xcc's own C ABI (xcc/runtime/abi.h), so a program links the artifact and
// the runtime without any Halide or MLIR header.
#ifndef XCC_CODEGEN_ENTRYPOINT_H
#define XCC_CODEGEN_ENTRYPOINT_H

#include <string>

namespace xcc {

/// Name of the file `entryPointSource` is written to: "<function>_entry.cpp".
std::string entryPointFile(const std::string &function);

/// C++ source defining `extern "C" const xcc_artifact *xcc_artifact_<function>(void)`, which returns the manifest
/// (as a raw string literal), `&<function>_argv` and, for a training phase, `&<trainFunction>_argv` (null when
/// `trainFunction` is empty). Throws std::runtime_error if the manifest cannot be embedded.
std::string entryPointSource(const std::string &function, const std::string &trainFunction,
                             const std::string &manifestJson);

} // namespace xcc

#endif // XCC_CODEGEN_ENTRYPOINT_H
