//===- artifact_variants.h - one model phase compiled for several CPUs ---*- C++ -*-===//
//
// xcc_add_model(... TARGETS <most capable> ... <most basic>) compiles a phase once per Halide target, each with
// its own symbols, and generates `xcc_artifact_<fn>()`, which returns the first variant this CPU runs
// (cpu_features.h). The most basic variant carries the Halide runtime for all of them.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_ARTIFACT_VARIANTS_H
#define XCC_RUNTIME_ARTIFACT_VARIANTS_H

#include "xcc/runtime/abi.h"

#include <cstddef>

namespace xcc::rt {

/// The first of `variants` whose manifest's target this CPU runs; the last when none does (Model then refuses it,
/// naming what the CPU lacks).
const xcc_artifact *chooseArtifact(const xcc_artifact *const *variants, size_t count);

} // namespace xcc::rt

#endif // XCC_RUNTIME_ARTIFACT_VARIANTS_H
