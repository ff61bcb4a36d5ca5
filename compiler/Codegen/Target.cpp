#include "Codegen/Target.h"

#include "Halide.h"

namespace xcc {

std::string checkTarget(const std::string &target, bool allowCross) {
  if (target != "host" && !Halide::Target::validate_target_string(target))
    return "'" + target + "' is not a Halide target string (e.g. " + kDefaultTarget + ")";
  Halide::Target wanted(target), host = Halide::get_host_target();
  if (allowCross)
    return "";
  if (wanted.os != host.os || wanted.arch != host.arch || wanted.bits != host.bits)
    return "target '" + target + "' is for another OS or architecture than this machine ('" + host.to_string() +
           "'); pass --allow-cross-target to build it anyway";
  using F = Halide::Target::Feature;
  std::string missing;
  for (F feature : {F::SSE41, F::AVX, F::AVX2, F::FMA, F::FMA4, F::F16C, F::AVX512, F::AVX512_KNL, F::AVX512_Skylake,
                    F::AVX512_Cannonlake, F::AVX512_SapphireRapids})
    if (wanted.has_feature(feature) && !host.has_feature(feature))
      missing += (missing.empty() ? "" : ", ") + Halide::Target::feature_to_name(feature);
  if (!missing.empty())
    return "target '" + target + "' needs CPU features this machine lacks (" + missing + "); use --target " +
           kAvx2Target + " or pass --allow-cross-target";
  return "";
}

} // namespace xcc
