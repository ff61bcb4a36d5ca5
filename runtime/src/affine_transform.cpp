//===- affine_transform.cpp - TF's image transforms, bit for bit ----------===//
//
// The resampling reproduces TF's ImageProjectiveTransformV3 CPU kernel
// (tensorflow/core/kernels/image/image_ops.h) operation for operation in
// float32, because that is what Keras's RandomRotation runs inside tf.data.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/affine_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace xcc::rt {
namespace {

//===----------------------------------------------------------------------===//
// TF's MapCoordinate. Types follow TF exactly: the coordinate is a float,
// the length an int64 (DenseIndex), so the mixed expressions round the same.
//===----------------------------------------------------------------------===//

float clampToImage(float coord, int64_t len) { return std::min(std::max(coord, 0.0f), static_cast<float>(len - 1)); }

// [abcd] -> [dcba|abcd|dcba]: reflection about the pixel edge.
float reflectCoordinate(float in, int64_t len) {
  if (len <= 1)
    return 0;
  const int64_t sz2 = 2 * len;
  if (in < 0) {
    if (in < sz2) // always true for in < 0; kept as TF writes it
      in = sz2 * static_cast<int64_t>(-in / sz2) + in;
    in = (in < -len) ? in + sz2 : -in - 1;
  } else if (in > len - 1) {
    in -= sz2 * static_cast<int64_t>(in / sz2);
    if (in >= len)
      in = sz2 - in - 1;
  }
  return clampToImage(in, len);
}

// [abcd] -> [abcd|abcd|abcd], with TF's len - 1 divisor (see augment.h).
float wrapCoordinate(float in, int64_t len) {
  if (len <= 1)
    return 0;
  const int64_t sz = len - 1;
  if (in < 0)
    in += len * (static_cast<int64_t>(-in / sz) + 1);
  else if (in > len - 1)
    in -= len * static_cast<int64_t>(in / sz);
  return clampToImage(in, len);
}

float mapCoordinate(float in, int64_t len, FillMode mode) {
  switch (mode) {
  case FillMode::Reflect:
    return reflectCoordinate(in, len);
  case FillMode::Wrap:
    return wrapCoordinate(in, len);
  case FillMode::Nearest:
    return clampToImage(in, len);
  case FillMode::Constant:
    break;
  }
  return in;
}

//===----------------------------------------------------------------------===//
// TF's interpolation, all channels of one output pixel at a time.
//===----------------------------------------------------------------------===//

class Sampler {
public:
  Sampler(const ImageF32 &image, float fillValue) : image_(image), fill_(fillValue) {}

  void nearest(float x, float y, float *out) const {
    const int64_t iy = static_cast<int64_t>(std::round(y));
    const int64_t ix = static_cast<int64_t>(std::round(x));
    for (int c = 0; c < image_.channels; ++c)
      out[c] = read(iy, ix, c);
  }

  // TF's association order: blend along x on both rows, then along y.
  void bilinear(float x, float y, float *out) const {
    const float yFloor = std::floor(y), xFloor = std::floor(x);
    const float yCeil = yFloor + 1, xCeil = xFloor + 1;
    const auto y0 = static_cast<int64_t>(yFloor);
    const auto y1 = static_cast<int64_t>(yCeil);
    const auto x0 = static_cast<int64_t>(xFloor);
    const auto x1 = static_cast<int64_t>(xCeil);
    for (int c = 0; c < image_.channels; ++c) {
      const float top = (xCeil - x) * read(y0, x0, c) + (x - xFloor) * read(y0, x1, c);
      const float bottom = (xCeil - x) * read(y1, x0, c) + (x - xFloor) * read(y1, x1, c);
      out[c] = (yCeil - y) * top + (y - yFloor) * bottom;
    }
  }

private:
  // TF's read_with_fill_value: any tap outside the image reads the fill.
  float read(int64_t y, int64_t x, int c) const {
    const bool inside = 0 <= y && y < image_.height && 0 <= x && x < image_.width;
    return inside ? image_.at(static_cast<int>(y), static_cast<int>(x), c) : fill_;
  }

  const ImageF32 &image_;
  float fill_;
};

} // namespace

AffineTransform kerasRotationTransform(double angle, int height, int width) {
  // Keras builds the matrix from a float32 angle tensor, so every entry is
  // a float32 expression; the order below is Keras's.
  const float theta = static_cast<float>(angle);
  const float cosT = std::cos(theta), sinT = std::sin(theta);
  const float cx = 0.5f * static_cast<float>(width - 1);
  const float cy = 0.5f * static_cast<float>(height - 1);
  AffineTransform t;
  t.a0 = cosT;
  t.a1 = -sinT;
  t.a2 = cx - cx * t.a0 - cy * t.a1;
  t.b0 = sinT;
  t.b1 = cosT;
  t.b2 = cy - cx * t.b0 - cy * t.b1;
  return t;
}

ImageF32 affineTransform(const ImageF32 &image, const AffineTransform &map, FillMode fillMode, float fillValue,
                         Interpolation interpolation) {
  ImageF32 out(image.height, image.width, image.channels);
  const Sampler sampler(image, fillValue);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      // TF converts the int64 output position to float in the products;
      // its division by the projection (exactly 1 here) is omitted.
      const float fx = static_cast<float>(x), fy = static_cast<float>(y);
      const float inX = map.a0 * fx + map.a1 * fy + map.a2;
      const float inY = map.b0 * fx + map.b1 * fy + map.b2;
      const float mx = mapCoordinate(inX, image.width, fillMode);
      const float my = mapCoordinate(inY, image.height, fillMode);
      float *pixel = &out.at(y, x, 0);
      if (interpolation == Interpolation::Nearest)
        sampler.nearest(mx, my, pixel);
      else
        sampler.bilinear(mx, my, pixel);
    }
  }
  return out;
}

ImageF32 rotateImage(const ImageF32 &image, double angle, FillMode fillMode, float fillValue,
                     Interpolation interpolation) {
  return affineTransform(image, kerasRotationTransform(angle, image.height, image.width), fillMode, fillValue,
                         interpolation);
}

void flipImageHorizontally(ImageF32 &image) {
  const int c = image.channels;
  for (int y = 0; y < image.height; ++y)
    for (int left = 0, right = image.width - 1; left < right; ++left, --right)
      std::swap_ranges(&image.at(y, left, 0), &image.at(y, left, 0) + c, &image.at(y, right, 0));
}

void flipImageVertically(ImageF32 &image) {
  const size_t rowLen = static_cast<size_t>(image.width) * image.channels;
  for (int top = 0, bottom = image.height - 1; top < bottom; ++top, --bottom)
    std::swap_ranges(&image.at(top, 0, 0), &image.at(top, 0, 0) + rowLen, &image.at(bottom, 0, 0));
}

} // namespace xcc::rt
