//===- augment.h - Keras RandomFlip + RandomRotation ------------*- C++ -*-===//
//
// The guide's augmentation, `Sequential([RandomFlip("horizontal"),
// RandomRotation(0.1)])`, as Keras 3 runs it inside tf.data (TF backend):
//
//  * RandomFlip: one uniform u per image, flip when u <= 0.5. Since Keras
//    3.6 the same u drives both axes of "horizontal_and_vertical", so that
//    mode yields either no flip or both flips (a 180° turn), never one axis
//    alone. Keras 2 and Keras 3.0-3.5 drew each axis separately.
//  * RandomRotation(factor): angle = uniform(lower, upper) * 2π per image;
//    a single factor f means [-|f|, |f|]. Positive angles turn the content
//    counter-clockwise as seen on screen (x right, y down), as Keras
//    documents. The image is resampled with TF's ImageProjectiveTransformV3
//    (keras/src/backend/tensorflow/image.py affine_transform), see
//    affine_transform.h.
//
// Random draws are a pure function of (seed, epoch, sample), so a data
// loader gets the same augmentation whatever thread or order it processes
// images in. To replay epoch 1's draws every epoch (what the Keras-3 guide's
// map(augment)...cache() pipeline does, tensorflow/tensorflow#47755), pass a
// fixed epoch; to re-draw per epoch (the Keras-2 guide), pass the epoch.
// The stream is xcc's own: it does not reproduce Keras's random numbers.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_AUGMENT_H
#define XCC_RUNTIME_AUGMENT_H

#include "xcc/runtime/affine_transform.h"
#include "xcc/runtime/image.h"

#include <cstdint>
#include <string>

namespace xcc::rt {

/// What to augment; the defaults augment nothing.
struct AugmentOptions {
  /// RandomFlip("horizontal" | "vertical" | "horizontal_and_vertical").
  bool flipHorizontal = false;
  bool flipVertical = false;
  /// RandomRotation factor as fractions of 2π: the angle is drawn from
  /// [rotationLower, rotationUpper) · 2π. Both 0 disables rotation.
  double rotationLower = 0;
  double rotationUpper = 0;
  FillMode fillMode = FillMode::Reflect;
  /// Used by FillMode::Constant only (TF reads it for out-of-image taps).
  float fillValue = 0;
  Interpolation interpolation = Interpolation::Bilinear;

  bool rotationEnabled() const;
  bool enabled() const;
};

/// One image's random choices.
struct AugmentDraw {
  bool flipHorizontal = false;
  bool flipVertical = false;
  double angle = 0; ///< radians, positive = counter-clockwise on screen
};

/// The draw for image `sample` of epoch `epoch` under `seed`: a pure
/// function of its arguments (thread- and order-independent).
///
/// Generator: key = h(h(h(seed) ^ epoch) ^ sample), where h is splitmix64's
/// finalizer applied to x + 0x9E3779B97F4A7C15; then splitmix64 seeded with
/// the key yields the uniforms in fixed slots, slot 0 for the flip and slot
/// 1 for the angle, each drawn whether or not it is used, so enabling one
/// augmentation never changes the other's draws. A uniform is the top 53
/// bits of its 64-bit word scaled to [0, 1).
AugmentDraw drawAugmentation(const AugmentOptions &options, uint64_t seed, uint64_t epoch, uint64_t sample);

/// RandomFlip then RandomRotation, the order of the guide's Sequential.
/// Rotation by exactly 0 is skipped: TF's transform is then the identity.
ImageF32 applyAugmentation(ImageF32 image, const AugmentDraw &draw, const AugmentOptions &options);

/// Parses a command-line spec: comma-separated key=value parts
///   flip=horizontal|vertical|horizontal_and_vertical
///   rotation=F          (Keras factor F: [-|F|, |F|], |F| <= 1)
///   rotation=LO:HI      (explicit bounds in [-1, 1], sorted as Keras does)
///   fill=reflect|wrap|constant|nearest      (default reflect)
///   fill_value=V        (default 0)
///   interpolation=bilinear|nearest          (default bilinear)
/// or the single word "none". Example: "flip=horizontal,rotation=0.1".
/// Throws RuntimeError naming the offending part.
AugmentOptions parseAugmentSpec(const std::string &spec);

/// The canonical spec of `options` ("none" when nothing is enabled; the
/// fill and interpolation parts only with a rotation, the only user of
/// them). It parses back to options that augment identically. Meant for
/// logs and manifests.
std::string formatAugmentSpec(const AugmentOptions &options);

} // namespace xcc::rt

#endif // XCC_RUNTIME_AUGMENT_H
