// Reading Keras layer-config fields (kernel sizes, padding, activations, initializers) in both the Keras 2 and
// Keras 3 spellings.
#ifndef XCC_IMPORT_KERASCONFIG_H
#define XCC_IMPORT_KERASCONFIG_H

#include "xnn/Xnn.h"

#include "llvm/ADT/SmallVector.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace xcc {

/// `key` as [a, b]: an int n means [n, n] (kernel_size, strides, pool_size); absent or null gives [dflt, dflt].
llvm::SmallVector<int64_t, 2> pairOf(const nlohmann::json &config, const char *key, int64_t dflt);

/// ZeroPadding2D's padding (n, (h, w) or ((top, bottom), (left, right))) as [top, bottom, left, right].
llvm::SmallVector<int64_t, 4> zeroPadding(const nlohmann::json &config);

xnn::Padding parsePadding(const nlohmann::json &config);

/// A Keras activation name; nullopt for one xnn has no op for.
std::optional<xnn::Activation> parseActivation(const nlohmann::json &activation);

/// ReLU(max_value=None) is relu, ReLU(6.) is relu6; leaky or thresholded ReLUs have no xnn op.
std::optional<xnn::Activation> reluKind(const nlohmann::json &config);

/// The default initializer of weight `weight` in the Keras layer classes xcc imports (rt::kerasDefaultInitializer).
xnn::InitializerKind defaultInitializer(const std::string &weight);

/// The initializer Keras would use for `weight` (the config's `<weight>_initializer`, else Keras's default).
xnn::InitializerKind initializerFor(const nlohmann::json &config, const std::string &weight);

/// Empty when the config of a supported class is within what xnn expresses; otherwise the reason.
std::string unsupportedConfig(const std::string &className, const nlohmann::json &config);

} // namespace xcc

#endif // XCC_IMPORT_KERASCONFIG_H
