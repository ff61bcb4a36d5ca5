// Target policy: which CPU the generated code is for. Pinned, so that the checked-in output and the benchmark
// numbers do not depend on the machine that compiled them.
#ifndef XCC_CODEGEN_TARGET_H
#define XCC_CODEGEN_TARGET_H

#include <string>
#include <vector>

namespace Halide {
struct Target;
}

namespace xcc {

/// AVX-512 (Skylake-X level): the development and CI machines (AMD EPYC, Zen 4) run it; FP32 needs nothing newer.
inline constexpr const char *kDefaultTarget = "x86-64-linux-sse41-avx-f16c-fma-avx2-avx512-avx512_skylake";
/// For machines without AVX-512 (pass as --target).
inline constexpr const char *kAvx2Target = "x86-64-linux-sse41-avx-f16c-fma-avx2";

/// xcc's own target feature, among the Halide ones: a mixed_bfloat16 model's convolutions multiply on AMX bf16
/// tiles (runtime/amx), the rest of the code is the Halide target's. Halide 14 has no AMX feature of its own.
inline constexpr const char *kAmxFeature = "amx_bf16";

/// The Halide target string of xcc target `target`; `*amxTiles` says whether kAmxFeature was among its features.
std::string halideTargetString(const std::string &target, bool *amxTiles);

/// The LLVM features that code for `target` must not use although the CPU Halide 14 names to LLVM for it has
/// them: with avx512_sapphirerapids (AVX-512 bf16 dot products, for Zen 4 and 5), LLVM's `sapphirerapids` brings
/// AVX512-FP16, AVX-VNNI and AMX, which Zen 4 lacks (Zen 5 has AVX-VNNI only). Empty for every other target: there
/// Halide's LLVM names a CPU with nothing beyond the target's features. Backend/ObjectCode.h takes them away.
std::vector<std::string> llvmFeaturesToDrop(const Halide::Target &target);

/// Empty when `target` parses and this machine can run it (or `allowCross`); otherwise the reason.
std::string checkTarget(const std::string &target, bool allowCross);

} // namespace xcc

#endif // XCC_CODEGEN_TARGET_H
