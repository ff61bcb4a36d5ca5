//===- cli.h - the command line of a compiled model -------------*- C++ -*-===//
//
// Every model built with xcc_add_model gets an executable `<name>-cli` whose main() is one call to runModelCli:
//
//   <name>-cli predict IMAGE... [--batch-size N]
//   <name>-cli evaluate --data DIR [--batch-size N] [--threshold T]
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_CLI_H
#define XCC_RUNTIME_CLI_H

#include "xcc/runtime/abi.h"

namespace xcc::rt {

/// Runs the command in argv on `artifact`; returns the process exit status (0 ok, 1 failure, 2 usage error).
/// Messages go to stdout, errors to stderr; nothing throws.
int runModelCli(const xcc_artifact *artifact, int argc, char **argv);

} // namespace xcc::rt

#endif // XCC_RUNTIME_CLI_H
