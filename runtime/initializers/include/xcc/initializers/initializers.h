//===- initializers.h - Keras weight initializers ---------------*- C++ -*-===//
//
// First values of parameters that do not come from a weights file (a new head), with Keras's distributions and
// fan computation. The random stream is xcc's own (seeded mt19937_64), not TensorFlow's: the distribution and
// scale match Keras, the individual numbers do not.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_INITIALIZERS_INITIALIZERS_H
#define XCC_INITIALIZERS_INITIALIZERS_H

#include "xcc/initializers/error.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace xcc::rt {

enum class Initializer { Zeros, Ones, GlorotUniform, GlorotNormal, HeUniform, HeNormal };

/// Keras's spelling ("glorot_uniform") to the enum; throws RuntimeError on an unknown name.
Initializer parseInitializer(std::string_view name);

/// The default initializer of weight `weight` (a Keras weight name) in the layer classes xcc imports, as Keras
/// spells it: "zeros" for bias, beta and moving_mean, "ones" for gamma and moving_variance, "glorot_uniform" for
/// every kernel. The importer's defaults and the --random-weights styles all classify weights by it.
std::string_view kerasDefaultInitializer(std::string_view weight);

/// Keras compute_fans: 1-D → (n, n); 2-D → (in, out); k-D → (shape[-2]·r, shape[-1]·r), r = prod(shape[:-2]).
struct Fans {
  double in, out;
};
Fans computeFans(const std::vector<int64_t> &shape);

/// The seed of an initializer that names none: FNV-1a of "layer/weight", so every parameter gets its own stream
/// and the same one in every phase and artifact.
uint64_t defaultInitializerSeed(std::string_view layer, std::string_view weight);

/// The stream of a parameter whose manifest seed is `seed` after `fit --init-seed S`: splitmix64 of seed and
/// splitmix64(S), unrelated to the manifest's own stream.
uint64_t reseed(uint64_t seed, uint64_t s);

/// Values for a tensor of `shape`. Normal variants are truncated at two standard deviations, as in Keras.
std::vector<float> initialize(Initializer kind, const std::vector<int64_t> &shape, uint64_t seed);

/// `xcc compile --random-weights SEED` (testing without a weights file): the stream of weight `layer/weight`,
/// defaultInitializerSeed's hash of "layer/weight" started from its basis xor SEED, so every weight gets its own
/// stream (and SEED 0 is the default stream).
uint64_t randomWeightsSeed(std::string_view layer, std::string_view weight, uint64_t seed);

/// The values --random-weights gives weight `weight` (a Keras weight name): they make every op's numerics
/// visible. Kernels are glorot_uniform; gamma and moving_variance uniform in [0.5, 1.5], beta, moving_mean and
/// bias in [-0.2, 0.2], so that a folding mistake cannot hide behind gamma = 1, mean = 0. The compiler bakes
/// frozen ones with it and the runtime gives trainable ones (manifest init "random_weights") the same values.
std::vector<float> randomWeights(std::string_view weight, const std::vector<int64_t> &shape, uint64_t seed);

/// `xcc compile --random-weights SEED --random-style he` (manifest init "random_he"): a random base whose signal
/// neither vanishes nor saturates through a deep frozen stack, the control of "do pretrained features transfer"
/// (docs/studies.md: why Keras's own draws cannot be that control). Kernels are He normal over what one output
/// really sums (a depthwise kernel [kh, kw, C, m]: kh·kw, where Keras's fans say kh·kw·C); BatchNormalization is
/// the identity (gamma and moving_variance ones, beta and moving_mean zeros), biases zero.
std::vector<float> heRandomWeights(std::string_view weight, const std::vector<int64_t> &shape, uint64_t seed);

/// A parameter's first value from its manifest "init": a Keras initializer name (see parseInitializer),
/// "random_weights" or "random_he"; `seed` is the manifest's seed. Throws RuntimeError for "weights" or an unknown name.
std::vector<float> initialValues(std::string_view init, std::string_view weight, const std::vector<int64_t> &shape,
                                 uint64_t seed);

} // namespace xcc::rt

#endif // XCC_INITIALIZERS_INITIALIZERS_H
