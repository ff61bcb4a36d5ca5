//===- resize.cpp - TF-exact bilinear resize ------------------------------===//

#include "xcc/runtime/resize.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace xcc::rt {
namespace {

// One output coordinate's source taps, as TF's CachedInterpolation.
struct Tap {
  int64_t lower;
  int64_t upper;
  float lerp;
};

// TF computes everything in float: scale = in / float(out) and the
// half-pixel source coordinate (out + 0.5f) * scale - 0.5f. For the first
// outputs that coordinate is negative; lower/upper both clamp to 0 there, so
// the (odd-looking) lerp is harmless. Same for the far edge.
std::vector<Tap> computeTaps(int outSize, int inSize) {
  const float scale = static_cast<float>(inSize) / static_cast<float>(outSize);
  std::vector<Tap> taps(outSize);
  for (int i = 0; i < outSize; ++i) {
    const float in = (static_cast<float>(i) + 0.5f) * scale - 0.5f;
    const float inFloor = std::floor(in);
    taps[i].lower = std::max<int64_t>(static_cast<int64_t>(inFloor), 0);
    taps[i].upper =
        std::min<int64_t>(static_cast<int64_t>(std::ceil(in)), inSize - 1);
    taps[i].lerp = in - inFloor;
  }
  return taps;
}

// Same association order as TF's compute_lerp; reordering changes the
// rounding of the last bit.
inline float lerp2d(float tl, float tr, float bl, float br, float xl,
                    float yl) {
  const float top = tl + (tr - tl) * xl;
  const float bottom = bl + (br - bl) * xl;
  return top + (bottom - top) * yl;
}

void checkSizes(int inH, int inW, int outH, int outW) {
  if (inH <= 0 || inW <= 0)
    throw std::invalid_argument("resize: input image is empty");
  if (outH <= 0 || outW <= 0)
    throw std::invalid_argument("resize: output size must be positive, got " +
                                std::to_string(outH) + "x" +
                                std::to_string(outW));
}

template <typename T>
ImageBuffer<T> cropAny(const ImageBuffer<T> &image, const CropBox &box) {
  if (box.top < 0 || box.left < 0 || box.height <= 0 || box.width <= 0 ||
      box.top + box.height > image.height ||
      box.left + box.width > image.width)
    throw std::invalid_argument("crop box outside the image");
  ImageBuffer<T> out(box.height, box.width, image.channels);
  const size_t rowLen = static_cast<size_t>(box.width) * image.channels;
  for (int y = 0; y < box.height; ++y)
    std::copy_n(&image.at(box.top + y, box.left, 0), rowLen,
                &out.at(y, 0, 0));
  return out;
}

} // namespace

CropBox aspectRatioCropBox(int height, int width, int targetHeight,
                           int targetWidth) {
  if (height <= 0 || width <= 0 || targetHeight <= 0 || targetWidth <= 0)
    throw std::invalid_argument("aspectRatioCropBox: sizes must be positive");
  // Python: int(float(width * target_height) / target_width), i.e. double
  // division truncated toward zero, clamped to [1, height].
  CropBox box;
  box.height = static_cast<int>(static_cast<double>(width) * targetHeight /
                                targetWidth);
  box.height = std::max(std::min(height, box.height), 1);
  box.width = static_cast<int>(static_cast<double>(height) * targetWidth /
                               targetHeight);
  box.width = std::max(std::min(width, box.width), 1);
  box.top = static_cast<int>(static_cast<double>(height - box.height) / 2);
  box.left = static_cast<int>(static_cast<double>(width - box.width) / 2);
  return box;
}

ImageU8 cropImage(const ImageU8 &image, const CropBox &box) {
  return cropAny(image, box);
}

ImageF32 cropImage(const ImageF32 &image, const CropBox &box) {
  return cropAny(image, box);
}

ImageF32 resizeBilinear(const ImageF32 &image, int outHeight, int outWidth) {
  checkSizes(image.height, image.width, outHeight, outWidth);
  const std::vector<Tap> ys = computeTaps(outHeight, image.height);
  const std::vector<Tap> xs = computeTaps(outWidth, image.width);
  const int channels = image.channels;
  ImageF32 out(outHeight, outWidth, channels);
  for (int y = 0; y < outHeight; ++y) {
    const int y0 = static_cast<int>(ys[y].lower);
    const int y1 = static_cast<int>(ys[y].upper);
    for (int x = 0; x < outWidth; ++x) {
      const int x0 = static_cast<int>(xs[x].lower);
      const int x1 = static_cast<int>(xs[x].upper);
      for (int c = 0; c < channels; ++c)
        out.at(y, x, c) =
            lerp2d(image.at(y0, x0, c), image.at(y0, x1, c),
                   image.at(y1, x0, c), image.at(y1, x1, c), xs[x].lerp,
                   ys[y].lerp);
    }
  }
  return out;
}

ImageF32 resizeBilinear(const ImageU8 &image, int outHeight, int outWidth) {
  return resizeBilinear(toFloat(image), outHeight, outWidth);
}

ImageF32 kerasResize(const ImageU8 &image, int outHeight, int outWidth,
                     bool cropToAspectRatio) {
  if (!cropToAspectRatio)
    return resizeBilinear(image, outHeight, outWidth);
  const CropBox box =
      aspectRatioCropBox(image.height, image.width, outHeight, outWidth);
  return resizeBilinear(cropImage(image, box), outHeight, outWidth);
}

} // namespace xcc::rt
