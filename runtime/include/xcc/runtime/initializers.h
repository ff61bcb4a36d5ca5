//===- initializers.h - Keras weight initializers ---------------*- C++ -*-===//
//
// First values of parameters that do not come from a weights file (a new head), with Keras's distributions and
// fan computation. The random stream is xcc's own (seeded mt19937_64), not TensorFlow's: the distribution and
// scale match Keras, the individual numbers do not.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_INITIALIZERS_H
#define XCC_RUNTIME_INITIALIZERS_H

#include <cstdint>
#include <string_view>
#include <vector>

namespace xcc::rt {

enum class Initializer { Zeros, Ones, GlorotUniform, GlorotNormal, HeUniform, HeNormal };

/// Keras's spelling ("glorot_uniform") to the enum; throws RuntimeError on an unknown name.
Initializer parseInitializer(std::string_view name);

/// Keras compute_fans: 1-D → (n, n); 2-D → (in, out); k-D → (shape[-2]·r, shape[-1]·r), r = prod(shape[:-2]).
struct Fans {
  double in, out;
};
Fans computeFans(const std::vector<int64_t> &shape);

/// The seed of an initializer that names none: FNV-1a of "layer/weight", so every parameter gets its own stream
/// and the same one in every phase and artifact.
uint64_t defaultInitializerSeed(std::string_view layer, std::string_view weight);

/// Values for a tensor of `shape`. Normal variants are truncated at two standard deviations, as in Keras.
std::vector<float> initialize(Initializer kind, const std::vector<int64_t> &shape, uint64_t seed);

} // namespace xcc::rt

#endif // XCC_RUNTIME_INITIALIZERS_H
