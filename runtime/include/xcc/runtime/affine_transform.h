//===- affine_transform.h - TF's image transforms, bit for bit --*- C++ -*-===//
//
// The geometry behind Keras's RandomRotation and RandomFlip: TF's ImageProjectiveTransformV3 (the op Keras's
// affine_transform runs inside tf.data on the TF backend) reproduced operation for operation in float32, so that
// an augmented image matches TF's on the same draw. augment.h draws and composes them.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_AFFINE_TRANSFORM_H
#define XCC_RUNTIME_AFFINE_TRANSFORM_H

#include "xcc/runtime/image.h"

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

} // namespace xcc::rt

#endif // XCC_RUNTIME_AFFINE_TRANSFORM_H
