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
//    rotateImage.
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

#include "xcc/runtime/image.h"

#include <cstdint>
#include <string>

namespace xcc::rt {

/// Keras RandomRotation `fill_mode`: how points outside the input are read.
enum class FillMode {
  Reflect,  ///< d c b a | a b c d | d c b a (edge pixel repeated)
  Wrap,     ///< a b c d | a b c d | a b c d
  Constant, ///< k k k k | a b c d | k k k k, k = fillValue
  Nearest,  ///< a a a a | a b c d | d d d d
};

/// Keras RandomRotation `interpolation`.
enum class Interpolation { Bilinear, Nearest };

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

/// One row of TF's projective `transforms` with c0 = c1 = 0: output pixel
/// (x, y) reads the input at (a0·x + a1·y + a2, b0·x + b1·y + b2). It maps
/// output to input, i.e. it is the inverse of the motion seen on screen.
struct AffineTransform {
  float a0 = 1, a1 = 0, a2 = 0;
  float b0 = 0, b1 = 1, b2 = 0;
};

/// Keras RandomRotation's matrix for `angle` radians about the image centre
/// cx = (width - 1) / 2, cy = (height - 1) / 2, in float32 as Keras builds
/// it (base_image_preprocessing_layer.py _compute_affine_matrix; Keras
/// 3.0-3.5 wrote the same matrix as x_offset / y_offset):
///   a0 = cos, a1 = -sin, a2 = cx - cx·cos + cy·sin
///   b0 = sin, b1 = cos,  b2 = cy - cx·sin - cy·cos
/// so a positive angle turns the content counter-clockwise on screen.
AffineTransform kerasRotationTransform(double angle, int height, int width);

/// TF's ImageProjectiveTransformV3 kernel (tensorflow/core/kernels/image/
/// image_ops.h, the op Keras's affine_transform calls), output the size of
/// the input, computed in float32 in TF's order of operations. The point
/// each output pixel reads is first mapped into the image by `fillMode`
/// exactly as TF's MapCoordinate does, quirks included:
///  * Reflect, Wrap and Nearest clamp the mapped coordinate to [0, len - 1],
///    so a point less than a pixel outside reads one edge pixel unblended
///    (Wrap: the far edge's);
///  * TF's Wrap is only a true wrap for points less than len - 1 outside
///    (it divides by len - 1 but steps by len); further out, some points
///    clamp to an edge pixel instead. A square image turned by up to ±45°
///    never reaches that far; a long thin one can.
///  * Constant leaves the coordinate alone.
/// Then Bilinear blends the 4 neighbours floor(·), floor(·) + 1 and Nearest
/// takes round-half-away-from-zero. A neighbour outside the image reads
/// `fillValue`: with Constant that blends the fill into a one-pixel band
/// along the border (TF keeps this as intended, tensorflow/tensorflow#46637);
/// with the other modes such a neighbour always has weight 0.
ImageF32 affineTransform(const ImageF32 &image, const AffineTransform &map, FillMode fillMode, float fillValue,
                         Interpolation interpolation);

/// Keras RandomRotation for a drawn angle (radians, positive =
/// counter-clockwise): affineTransform with kerasRotationTransform.
ImageF32 rotateImage(const ImageF32 &image, double angle, FillMode fillMode, float fillValue,
                     Interpolation interpolation);

/// Mirrors left-right (RandomFlip "horizontal"), in place.
void flipImageHorizontally(ImageF32 &image);
/// Mirrors top-bottom (RandomFlip "vertical"), in place.
void flipImageVertically(ImageF32 &image);

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
