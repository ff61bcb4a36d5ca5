#include "Codegen/Target.h"

#include "xcc/amx/tiles.h"

#include "Halide.h"

#include <sstream>

namespace xcc {

std::string halideTargetString(const std::string &target, bool *amxTiles) {
  // A feature among the others, wherever it is: xcc_add_model appends no_runtime after it.
  std::string halide, feature;
  *amxTiles = false;
  std::istringstream parts(target);
  while (std::getline(parts, feature, '-')) {
    if (feature == kAmxFeature) {
      *amxTiles = true;
      continue;
    }
    halide += (halide.empty() ? "" : "-") + feature;
  }
  return halide;
}

std::vector<std::string> llvmFeaturesToDrop(const Halide::Target &target) {
  if (!target.has_feature(Halide::Target::AVX512_SapphireRapids))
    return {};
  return {"avx512fp16", "avxvnni", "amx-tile", "amx-int8", "amx-bf16"};
}

std::string checkTarget(const std::string &target, bool allowCross) {
  bool amx = false;
  std::string halide = halideTargetString(target, &amx);
  if (halide != "host" && !Halide::Target::validate_target_string(halide))
    return "'" + target + "' is not a Halide target string (e.g. " + kDefaultTarget + "), optionally with xcc's own feature " +
           kAmxFeature;
  Halide::Target wanted(halide), host = Halide::get_host_target();
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
  if (amx && !amx::hardwareTiles())
    return "target '" + target + "' runs its convolutions on AMX tiles (-" + kAmxFeature +
           "), which this machine lacks or Linux does not grant; drop -" + kAmxFeature +
           " or pass --allow-cross-target";
  return "";
}

} // namespace xcc
