//===- resize.h - Keras Resizing (bilinear) ---------------------*- C++ -*-===//
//
// keras.layers.Resizing(interpolation="bilinear") on the TF backend is
// tf.image.resize(antialias=False), i.e. TF's ResizeBilinear kernel with
// half_pixel_centers=true. We reproduce it in float32, operation for
// operation, so results match TF to the last bit on the same inputs.
// (stb_image_resize uses a different filter and does not match.)
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_RESIZE_H
#define XCC_RUNTIME_RESIZE_H

#include "xcc/runtime/image.h"

namespace xcc::rt {

/// A window inside an image, in pixels.
struct CropBox {
  int top = 0;
  int left = 0;
  int height = 0;
  int width = 0;
};

/// Keras's crop_to_aspect_ratio window: the largest centred box with the
/// target aspect ratio, sizes and offsets truncated toward zero
/// (keras smart_resize / ops.image.resize).
CropBox aspectRatioCropBox(int height, int width, int targetHeight,
                           int targetWidth);

/// Copies `box` out of `image`. Throws std::invalid_argument if the box is
/// not inside the image.
ImageU8 cropImage(const ImageU8 &image, const CropBox &box);
ImageF32 cropImage(const ImageF32 &image, const CropBox &box);

/// tf.image.resize(method="bilinear", antialias=False); any channel count.
/// Throws std::invalid_argument on empty input or non-positive output size.
ImageF32 resizeBilinear(const ImageF32 &image, int outHeight, int outWidth);
ImageF32 resizeBilinear(const ImageU8 &image, int outHeight, int outWidth);

/// keras.layers.Resizing(h, w, interpolation="bilinear",
/// crop_to_aspect_ratio=crop): optional centre crop, then resizeBilinear.
ImageF32 kerasResize(const ImageU8 &image, int outHeight, int outWidth,
                     bool cropToAspectRatio = false);

} // namespace xcc::rt

#endif // XCC_RUNTIME_RESIZE_H
