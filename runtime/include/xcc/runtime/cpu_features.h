//===- cpu_features.h - can this CPU run an artifact's code? --------*- C++ -*-===//
//
// An artifact is compiled for one Halide target (its manifest's "target", e.g. x86-64-linux-...-avx512_skylake).
// Its code on a CPU without those instructions dies of SIGILL at the first step, with no word of why. Model
// refuses it at load instead, naming the missing extensions and the way out (an artifact for this CPU).
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_CPU_FEATURES_H
#define XCC_RUNTIME_CPU_FEATURES_H

#include <set>
#include <string>

namespace xcc::rt {

/// The x86 extensions a Halide target feature needs, as CPUID names them ("avx512bw"); those this CPU and its
/// operating system enable, less those named in $XCC_CPU_WITHOUT (e.g. "avx512f": what an AVX2 machine would
/// run, tested on an AVX-512 one). AMX (amx_tile, amx_bf16) counts where Linux grants its tile state, or
/// everywhere with $XCC_AMX_EMULATION=1, which runs AMX artifacts on the portable tile emulation (for tests).
using CpuFeatures = std::set<std::string>;
CpuFeatures hostCpuFeatures();

/// What `target` needs that `cpu` lacks, as "avx512f, avx512bw": empty when it can run. Features of the target
/// string that are not CPU extensions (the OS, "no_asserts", ...) need nothing.
std::string missingCpuFeatures(const std::string &target, const CpuFeatures &cpu);

} // namespace xcc::rt

#endif // XCC_RUNTIME_CPU_FEATURES_H
