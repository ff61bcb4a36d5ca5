// A weights file opened for one model: each parameter's entry, found the way Keras pairs them (layer and weight
// names, auto-named layers by ordinal, Keras 3 files by class-and-position keys in Keras's layer order).
#ifndef XCC_WEIGHTS_MODELWEIGHTS_H
#define XCC_WEIGHTS_MODELWEIGHTS_H

#include "Weights/WeightMatching.h"
#include "xnn/Xnn.h"

#include "xcc/weights/weights.h"

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace xcc {

class ModelWeights {
public:
  /// Loads `path` (tfjs shards may be missing as long as no parameter needs them) and prepares the lookup of
  /// every parameter of `model` that reads the file (those without an initializer). Throws std::exception
  /// naming the file and the reason.
  ModelWeights(xnn::ModelOp model, const std::string &path);

  const weights::WeightFile &file() const { return *file_; }

  /// The file's entry for `param` (shape checked); throws std::runtime_error naming the file, the parameter and
  /// the reason. Only for parameters without an initializer.
  const weights::NamedWeight &entry(xnn::ParamOp param) const;

private:
  WeightRequest request(xnn::ParamOp param) const;

  std::unique_ptr<weights::WeightFile> file_;
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> keras3Keys_;
  std::unique_ptr<WeightMatcher> matcher_;
};

} // namespace xcc

#endif // XCC_WEIGHTS_MODELWEIGHTS_H
