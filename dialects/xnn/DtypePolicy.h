// Keras's mixed-precision policies that xcc implements: the names a model's `dtype_policy` attribute,
// `xcc compile --dtype-policy`, xcc_add_model's DTYPE_POLICY and the manifest use. Plain C++, so that the kernel
// graph and the manifest share the spelling with the dialect.
#ifndef XNN_DTYPEPOLICY_H
#define XNN_DTYPEPOLICY_H

#include <optional>
#include <string>
#include <string_view>

namespace xnn {

enum class DtypePolicy {
  Float32,       ///< everything in float32 (Keras's default)
  MixedBfloat16, ///< float32 variables, optimizer state, loss and logits; bfloat16 compute in the layers
};

inline constexpr std::string_view kDtypePolicyNames[] = {"float32", "mixed_bfloat16"};

inline std::string_view dtypePolicyName(DtypePolicy p) { return kDtypePolicyNames[int(p)]; }

/// The policy of that name, or none.
inline std::optional<DtypePolicy> parseDtypePolicy(std::string_view name) {
  for (int i = 0; i < int(std::size(kDtypePolicyNames)); ++i)
    if (name == kDtypePolicyNames[i])
      return DtypePolicy(i);
  return std::nullopt;
}

/// "float32, mixed_bfloat16", for error messages.
inline std::string dtypePolicyList() {
  std::string list;
  for (std::string_view name : kDtypePolicyNames)
    list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

} // namespace xnn

#endif // XNN_DTYPEPOLICY_H
