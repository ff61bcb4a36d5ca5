//===- isolate.h - Run a parser in a crash-isolated child -------*- C++ -*-===//
#ifndef XCC_WEIGHTS_ISOLATE_H
#define XCC_WEIGHTS_ISOLATE_H

#include "xcc/weights/weights.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace xcc::weights::detail {

// Runs `work` in a forked child process and returns its WeightFile, sent back
// through a pipe. A WeightsError thrown by `work` is re-thrown here unchanged;
// a child killed by a signal (a crash inside `libraryName`) or running past
// `timeoutSeconds` becomes WeightsError(file, "<libraryName> crashed while
// reading <file> ..."). The caller's process never executes `work` itself.
WeightFile runIsolated(const std::string &file, const std::string &libraryName,
                       int timeoutSeconds, const std::function<WeightFile()> &work);

// The wire format between child and parent (exposed for tests).
std::vector<uint8_t> serializeWeightFile(const WeightFile &wf);
WeightFile deserializeWeightFile(const std::vector<uint8_t> &bytes, size_t offset);

} // namespace xcc::weights::detail

#endif
