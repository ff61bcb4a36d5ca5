// Where a parameter's first value comes from: the one decision behind the manifest's record of every variable
// (ModelVariables), the frozen constants (--xcc-materialize-frozen-params) and the trainable parameters' source
// in the kernel graph (Export/ExportGraph).
#ifndef XCC_WEIGHTS_PARAMSOURCE_H
#define XCC_WEIGHTS_PARAMSOURCE_H

#include "xnn/Xnn.h"

#include "xcc/weights/weights.h"

#include <cstdint>
#include <string>
#include <vector>

namespace xcc {

class ModelWeights;

/// `xcc compile --random-weights SEED --random-style STYLE`: values drawn in place of a weights file. "spread"
/// (testing) makes every op's numerics visible (rt::randomWeights); "keras" is what Keras gives a model built
/// with weights=None (each weight its layer class's default initializer); "he" keeps the signal's scale through a
/// deep frozen base (rt::heRandomWeights): the random control for a pretrained one (docs/studies.md says why).
struct RandomWeights {
  int64_t seed = -1; ///< -1: off
  std::string style = "spread";
};

/// "" when `style` is one of the above, else the message.
std::string checkRandomStyle(const std::string &style);

struct ParamSource {
  enum class Kind {
    Initializer, ///< the parameter's own initializer, or a --random-style keras/he draw (the runtime makes both)
    Weights,     ///< its entry in the weights file
    Random,      ///< a --random-weights spread draw (manifest init "random_weights")
    Missing,     ///< none: an error for a frozen parameter, the runtime's to load for a trainable one
  };
  Kind kind = Kind::Missing;
  std::string init; ///< Initializer, Random: the runtime's init name (rt::initialValues)
  uint64_t seed = 0; ///< Initializer, Random: the stream
  const weights::NamedWeight *entry = nullptr; ///< Weights

  /// The values it gives weight `weight` of `shape`; not for Missing.
  std::vector<float> values(llvm::StringRef weight, const std::vector<int64_t> &shape) const;
};

/// `param`'s first value, in this order: its initializer; else its entry in `weights`, when given; else a
/// `random` draw, when on; else Missing. Fails with a diagnostic on `param` when its entry is not usable.
/// Run after --xcc-apply-phase, which says whether the parameter trains. `layerPath` is its layer's name in the
/// inlined model ("xception/conv2d"); before inlining the parameter names only its own layer ("conv2d").
///
/// An initializer without a seed draws rt::defaultInitializerSeed of the layer name the drawing side knows: the
/// runtime draws a trainable parameter from the manifest's name (`layerPath`), the compiler bakes a frozen one
/// from the Keras layer name. A frozen and a trainable copy of a top-level layer therefore start equal.
mlir::FailureOr<ParamSource> resolveParamSource(xnn::ParamOp param, llvm::StringRef layerPath,
                                                const ModelWeights *weights, const RandomWeights &random);

} // namespace xcc

#endif // XCC_WEIGHTS_PARAMSOURCE_H
