#include "xcc/runtime/artifact_variants.h"
#include "xcc/runtime/cpu_features.h"
#include "xcc/runtime/manifest.h"

#include <exception>

namespace xcc::rt {

namespace {

/// Whether a variant this CPU can run is worth running. bf16 dot products pay on AMD (Zen 4 and 5: twice the
/// FP32 rate; Xception's pointwise forward at 553 against 248 GFLOP/s on Zen 5, BENCHMARKS.md) but not on Intel
/// cores with AMX, where vdpbf16ps issues on one port (237 GFLOP/s against 478 for FP32 FMAs on the Sapphire
/// Rapids guest, issue 19): there the float32 variant after it runs faster.
bool pays(const Manifest &m, const CpuFeatures &cpu) { return m.matmul != "bf16_dot" || !cpu.count("amx_bf16"); }

} // namespace

const xcc_artifact *chooseArtifact(const xcc_artifact *const *variants, size_t count) {
  if (count == 0)
    return nullptr;
  const CpuFeatures cpu = hostCpuFeatures();
  for (size_t i = 0; i + 1 < count; ++i) {
    if (!variants[i] || !variants[i]->manifest_json)
      continue;
    try {
      Manifest m = parseManifest(variants[i]->manifest_json);
      if (missingCpuFeatures(m.target, cpu).empty() && pays(m, cpu))
        return variants[i];
    } catch (const std::exception &) {
      // A broken manifest is not this CPU's variant; Model says what is wrong if it is the one left.
    }
  }
  return variants[count - 1];
}

} // namespace xcc::rt
