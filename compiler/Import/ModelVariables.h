// The model's variables as Keras 3 saves them, each with the source of its first value, for the manifest.
#ifndef XCC_IMPORT_MODELVARIABLES_H
#define XCC_IMPORT_MODELVARIABLES_H

#include "Lowering/Manifest.h"
#include "xnn/Xnn.h"

#include <string>

namespace xcc {

class ModelWeights;

/// `xcc compile --random-weights SEED --random-style STYLE`: values drawn in place of a weights file. "spread"
/// (testing) makes every op's numerics visible (see rt::randomWeights); "keras" is what Keras gives a model built
/// with weights=None: each weight its layer class's default initializer (kernels glorot_uniform, gamma and
/// moving_variance ones, the rest zeros); frozen with BatchNormalization in inference mode, a deep base of those
/// passes almost nothing on. "he" keeps the signal's scale through such a base (rt::heRandomWeights): the fair
/// random control for a pretrained one.
struct RandomWeights {
  int64_t seed = -1; ///< -1: off
  std::string style = "spread";
};

/// "" when `style` is one of the above, else the message.
std::string checkRandomStyle(const std::string &style);

/// The initializer (a manifest "init": "random_weights" or a Keras initializer name) and seed --random-weights
/// gives `param`. Both the compiler (frozen values) and the runtime (trainable first values) draw from it.
struct RandomDraw {
  std::string init;
  uint64_t seed = 0;
};
RandomDraw randomDraw(xnn::ParamOp param, const RandomWeights &random);

/// Every variable of `model` in Keras 3's save order (keras3Layout) with its first value's source in phase
/// `phase`, decided as --xcc-materialize-frozen-params decides it: the parameter's initializer, else its entry in
/// `weights` (when given; the entry's own names are recorded), else `random` (seed >= 0), and
/// the hash of that value. Run before the passes: it reads the parameters. Fails with a diagnostic when a
/// parameter's entry is not in the weights file.
mlir::FailureOr<ModelVariables> modelVariables(xnn::ModelOp model, llvm::StringRef phase, const ModelWeights *weights,
                                               const RandomWeights &random);

} // namespace xcc

#endif // XCC_IMPORT_MODELVARIABLES_H
