//===- augment.cpp - Keras RandomFlip + RandomRotation --------------------===//
//
// The per-image draws and their order; the pixels move in affine_transform.cpp
// and the command-line spec is read in augment_spec.cpp.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/augment.h"
#include "xcc/initializers/splitmix64.h"

namespace xcc::rt {
namespace {

constexpr double kTwoPi = 6.283185307179586476925;

// Chained rather than XOR-ed together, so (seed, epoch, sample) and any
// permutation of it give unrelated keys.
uint64_t drawKey(uint64_t seed, uint64_t epoch, uint64_t sample) {
  return splitmix64(splitmix64(splitmix64(seed) ^ epoch) ^ sample);
}

// Uniform in [0, 1) from the `slot`-th word of the key's splitmix64 stream.
double uniformSlot(uint64_t key, uint64_t slot) {
  const uint64_t word = splitmix64(key + slot * 0x9E3779B97F4A7C15ull);
  return static_cast<double>(word >> 11) * 0x1.0p-53;
}

enum DrawSlot : uint64_t { kFlipSlot = 0, kAngleSlot = 1 };

} // namespace

bool AugmentOptions::rotationEnabled() const { return rotationLower != 0 || rotationUpper != 0; }

bool AugmentOptions::enabled() const { return flipHorizontal || flipVertical || rotationEnabled(); }

AugmentDraw drawAugmentation(const AugmentOptions &options, uint64_t seed, uint64_t epoch, uint64_t sample) {
  const uint64_t key = drawKey(seed, epoch, sample);
  // Keras >= 3.6 RandomFlip: one uniform per image, `<= 0.5` flips every
  // enabled axis.
  const bool flip = uniformSlot(key, kFlipSlot) <= 0.5;
  AugmentDraw draw;
  draw.flipHorizontal = options.flipHorizontal && flip;
  draw.flipVertical = options.flipVertical && flip;
  if (options.rotationEnabled()) {
    const double u = uniformSlot(key, kAngleSlot);
    const double span = options.rotationUpper - options.rotationLower;
    draw.angle = (options.rotationLower + span * u) * kTwoPi;
  }
  return draw;
}

ImageF32 applyAugmentation(ImageF32 image, const AugmentDraw &draw, const AugmentOptions &options) {
  if (draw.flipHorizontal)
    flipImageHorizontally(image);
  if (draw.flipVertical)
    flipImageVertically(image);
  if (draw.angle == 0)
    return image;
  return rotateImage(image, draw.angle, options.fillMode, options.fillValue, options.interpolation);
}

} // namespace xcc::rt
