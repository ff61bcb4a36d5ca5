#include "xcc/runtime/artifact_variants.h"
#include "xcc/runtime/cpu_features.h"
#include "xcc/runtime/manifest.h"

#include <exception>

namespace xcc::rt {

const xcc_artifact *chooseArtifact(const xcc_artifact *const *variants, size_t count) {
  if (count == 0)
    return nullptr;
  const CpuFeatures cpu = hostCpuFeatures();
  for (size_t i = 0; i + 1 < count; ++i) {
    if (!variants[i] || !variants[i]->manifest_json)
      continue;
    try {
      if (missingCpuFeatures(parseManifest(variants[i]->manifest_json).target, cpu).empty())
        return variants[i];
    } catch (const std::exception &) {
      // A broken manifest is not this CPU's variant; Model says what is wrong if it is the one left.
    }
  }
  return variants[count - 1];
}

} // namespace xcc::rt
