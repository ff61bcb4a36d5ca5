#include "xcc/initializers/initializers.h"
#include "xcc/initializers/splitmix64.h"

#include <cmath>
#include <random>
#include <string>

namespace xcc::rt {

Initializer parseInitializer(std::string_view name) {
  if (name == "zeros") return Initializer::Zeros;
  if (name == "ones") return Initializer::Ones;
  if (name == "glorot_uniform") return Initializer::GlorotUniform;
  if (name == "glorot_normal") return Initializer::GlorotNormal;
  if (name == "he_uniform") return Initializer::HeUniform;
  if (name == "he_normal") return Initializer::HeNormal;
  throw RuntimeError("unknown initializer '" + std::string(name) + "'");
}

std::string_view kerasDefaultInitializer(std::string_view weight) {
  if (weight == "bias" || weight == "beta" || weight == "moving_mean")
    return "zeros";
  if (weight == "gamma" || weight == "moving_variance")
    return "ones";
  return "glorot_uniform";
}

namespace {
/// FNV-1a of "layer/weight" from `basis` (the value seeds have always had: 1469598103934665603 is a truncated FNV
/// offset basis, kept so that existing seeds do not change).
uint64_t nameHash(std::string_view layer, std::string_view weight, uint64_t basis) {
  uint64_t h = basis;
  auto mix = [&](std::string_view s) {
    for (char c : s)
      h = (h ^ uint8_t(c)) * 1099511628211ull;
  };
  mix(layer);
  mix("/");
  mix(weight);
  return h;
}
constexpr uint64_t kSeedBasis = 1469598103934665603ull;
} // namespace

uint64_t defaultInitializerSeed(std::string_view layer, std::string_view weight) {
  return nameHash(layer, weight, kSeedBasis);
}

uint64_t reseed(uint64_t seed, uint64_t s) { return splitmix64(seed ^ splitmix64(s)); }

Fans computeFans(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return {1, 1};
  if (shape.size() == 1)
    return {double(shape[0]), double(shape[0])};
  double receptive = 1;
  for (size_t i = 0; i + 2 < shape.size(); ++i)
    receptive *= double(shape[i]);
  return {double(shape[shape.size() - 2]) * receptive, double(shape.back()) * receptive};
}

namespace {

std::vector<float> uniform(size_t n, double limit, std::mt19937_64 &rng) {
  std::uniform_real_distribution<double> dist(-limit, limit);
  std::vector<float> v(n);
  for (float &x : v)
    x = float(dist(rng));
  return v;
}

/// Keras's truncated normal: redraw values beyond two standard deviations. Its stddev is corrected by
/// 0.87962566103423978 so that the truncated distribution has the variance asked for (VarianceScaling).
std::vector<float> truncatedNormal(size_t n, double variance, std::mt19937_64 &rng) {
  std::normal_distribution<double> dist(0.0, std::sqrt(variance) / 0.87962566103423978);
  double bound = 2 * dist.stddev();
  std::vector<float> v(n);
  for (float &x : v) {
    double d;
    do
      d = dist(rng);
    while (std::fabs(d) > bound);
    x = float(d);
  }
  return v;
}

} // namespace

std::vector<float> initialize(Initializer kind, const std::vector<int64_t> &shape, uint64_t seed) {
  size_t n = 1;
  for (int64_t d : shape)
    n *= size_t(d);
  Fans fans = computeFans(shape);
  std::mt19937_64 rng(seed);
  switch (kind) {
  case Initializer::Zeros:
    return std::vector<float>(n, 0.0f);
  case Initializer::Ones:
    return std::vector<float>(n, 1.0f);
  case Initializer::GlorotUniform:
    return uniform(n, std::sqrt(6.0 / (fans.in + fans.out)), rng);
  case Initializer::GlorotNormal:
    return truncatedNormal(n, 2.0 / (fans.in + fans.out), rng);
  case Initializer::HeUniform:
    return uniform(n, std::sqrt(6.0 / fans.in), rng);
  case Initializer::HeNormal:
    return truncatedNormal(n, 2.0 / fans.in, rng);
  }
  throw RuntimeError("unhandled initializer");
}

uint64_t randomWeightsSeed(std::string_view layer, std::string_view weight, uint64_t seed) {
  return nameHash(layer, weight, kSeedBasis ^ seed);
}

std::vector<float> randomWeights(std::string_view weight, const std::vector<int64_t> &shape, uint64_t seed) {
  size_t n = 1;
  for (int64_t d : shape)
    n *= size_t(d);
  auto spread = [&](double lo, double hi) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> dist(lo, hi);
    std::vector<float> v(n);
    for (float &x : v)
      x = float(dist(rng));
    return v;
  };
  switch (parseInitializer(kerasDefaultInitializer(weight))) {
  case Initializer::Ones:
    return spread(0.5, 1.5);
  case Initializer::Zeros:
    return spread(-0.2, 0.2);
  default:
    return initialize(Initializer::GlorotUniform, shape, seed);
  }
}

std::vector<float> heRandomWeights(std::string_view weight, const std::vector<int64_t> &shape, uint64_t seed) {
  // BatchNormalization and biases keep their Keras defaults (the identity, zeros); kernels are drawn anew.
  Initializer keras = parseInitializer(kerasDefaultInitializer(weight));
  if (keras != Initializer::GlorotUniform)
    return initialize(keras, shape, seed);
  if (weight == "depthwise_kernel" && shape.size() == 4) {
    // Drawn as [kh, kw, 1, C·m]: the same count of independent values, with the fan-in of one output.
    std::vector<int64_t> perChannel = {shape[0], shape[1], 1, shape[2] * shape[3]};
    return initialize(Initializer::HeNormal, perChannel, seed);
  }
  return initialize(Initializer::HeNormal, shape, seed);
}

std::vector<float> initialValues(std::string_view init, std::string_view weight, const std::vector<int64_t> &shape,
                                 uint64_t seed) {
  if (init == "random_weights")
    return randomWeights(weight, shape, seed);
  if (init == "random_he")
    return heRandomWeights(weight, shape, seed);
  return initialize(parseInitializer(init), shape, seed);
}

} // namespace xcc::rt
