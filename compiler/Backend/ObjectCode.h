// Object code from Halide's LLVM bitcode, compiled by this build's LLVM 19 rather than by Halide's own LLVM 14.
//
// Halide 14 tells LLVM one CPU per target feature set: its avx512_sapphirerapids (the only one with AVX-512 bf16
// dot products) compiles for LLVM's `sapphirerapids`, which also has AVX512-FP16. xcc's bf16-dot variant is for
// Zen 4 and Zen 5, which lack it, and LLVM uses it on its own wherever code moves a lone 16-bit value (`vmovw`).
// Halide offers no way to take a feature away; LLVM does, per function, which is what this step is for.
#ifndef XCC_BACKEND_OBJECTCODE_H
#define XCC_BACKEND_OBJECTCODE_H

#include <string>
#include <vector>

namespace xcc::backend {

/// Compiles the bitcode file `bitcode` (optimized IR whose functions name their CPU and features, and whose module
/// flags carry Halide's code-generation options, as Halide writes them) into the ELF object file `object`, with
/// the LLVM features `without` (e.g. "avx512fp16") turned off in every function. Throws std::runtime_error
/// naming the file and the reason.
void objectFromBitcode(const std::string &bitcode, const std::string &object, const std::vector<std::string> &without);

} // namespace xcc::backend

#endif // XCC_BACKEND_OBJECTCODE_H
