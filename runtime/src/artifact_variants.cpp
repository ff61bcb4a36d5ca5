#include "xcc/runtime/artifact_variants.h"
#include "xcc/runtime/cpu_features.h"

#include <nlohmann/json.hpp>

namespace xcc::rt {

const xcc_artifact *chooseArtifact(const xcc_artifact *const *variants, size_t count) {
  if (count == 0)
    return nullptr;
  const CpuFeatures cpu = hostCpuFeatures();
  for (size_t i = 0; i + 1 < count; ++i) {
    if (!variants[i] || !variants[i]->manifest_json)
      continue;
    nlohmann::json manifest = nlohmann::json::parse(variants[i]->manifest_json, nullptr, false);
    if (manifest.is_object() && manifest.contains("target") && manifest["target"].is_string() &&
        missingCpuFeatures(manifest["target"].get<std::string>(), cpu).empty())
      return variants[i];
  }
  return variants[count - 1];
}

} // namespace xcc::rt
