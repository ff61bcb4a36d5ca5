// Finds the values of a model's parameters in a Keras weights file.
//
// Named layers match by name. Layers Keras named automatically ("conv2d_3", "batch_normalization_1": Xception's
// residual branch) carry version-dependent numbers — Keras 2.0-era files count from conv2d_1, Keras 3 from
// conv2d — so they match by ordinal: the k-th auto-named layer of a kind in the model takes the k-th of that kind
// in the file, both ordered by their numeric suffix (creation order), when both have as many of that kind.
#ifndef XCC_WEIGHTS_WEIGHTMATCHING_H
#define XCC_WEIGHTS_WEIGHTMATCHING_H

#include "xcc/weights/weights.h"

#include <map>
#include <string>
#include <vector>

namespace xcc {

struct WeightRequest {
  std::string layer, weight;  ///< Keras names to look up
  std::vector<int64_t> shape; ///< what the model expects
  std::string label;          ///< how errors name it when the lookup names differ (Keras 3 keys); empty: layer/weight
};

class WeightMatcher {
public:
  /// `requests` are all the lookups that will be made, so that ordinals can be assigned.
  WeightMatcher(const weights::WeightFile &file, const std::vector<WeightRequest> &requests);

  /// The file's entry for `request` (its `layer`/`weight` are the file's own names, e.g. "conv2d_2" for the
  /// model's auto-named "conv2d_1"); throws std::runtime_error naming the file, the layer and the reason (not
  /// found, in a missing shard, or a shape mismatch with the expected and found shapes).
  const weights::NamedWeight &entry(const WeightRequest &request) const;
  /// entry(request)'s values.
  const std::vector<float> &values(const WeightRequest &request) const { return entry(request).value.data; }

private:
  const weights::WeightFile &file;
  std::map<std::string, std::string> autoNameMap; ///< model layer -> file layer, for auto-named layers
  /// Kinds whose auto-named layers could not pair (model and file have different counts) -> why, for the error.
  std::map<std::string, std::string> countMismatch;
};

} // namespace xcc

#endif // XCC_WEIGHTS_WEIGHTMATCHING_H
