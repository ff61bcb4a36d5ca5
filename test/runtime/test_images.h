//===- test_images.h - Fixtures for runtime tests ---------------*- C++ -*-===//
#ifndef XCC_TEST_RUNTIME_TEST_IMAGES_H
#define XCC_TEST_RUNTIME_TEST_IMAGES_H

#include "temp_dir.h"

#include <cstdint>
#include <string>
#include <vector>

namespace xcc::rt::test {

using ::xcc::test::TempDir;

/// Flat-colour images encoded in memory. `components` selects the input
/// colour space: 1 grey, 3 RGB, 4 CMYK (libjpeg writes an Adobe marker).
std::vector<uint8_t> encodeJpeg(int height, int width, int components,
                                const std::vector<uint8_t> &pixel,
                                int quality = 100);
/// Encodes a full HxWxC pixel buffer (for images with real entropy data).
std::vector<uint8_t> encodeJpegPixels(int height, int width, int components,
                                      const std::vector<uint8_t> &pixels,
                                      int quality = 100);
/// Deterministic pseudo-random bytes, e.g. a noisy test image.
std::vector<uint8_t> noiseBytes(size_t count, uint32_t seed);
std::vector<uint8_t> encodePng(int height, int width, int components,
                               const std::vector<uint8_t> &pixel);
/// A full HxWxC pixel buffer as PNG (lossless, so decoded pixels are exact).
std::vector<uint8_t> encodePngPixels(int height, int width, int components,
                                     const std::vector<uint8_t> &pixels);
std::vector<uint8_t> encodeBmp(int height, int width, int components,
                               const std::vector<uint8_t> &pixel);

/// cats/c0..c4.jpg and dogs/d0..d4.jpg (empty files): ten files whose
/// unshuffled order is known, the dataset listing tests' folder.
void makeTenFiles(const TempDir &dir);

} // namespace xcc::rt::test

#endif // XCC_TEST_RUNTIME_TEST_IMAGES_H
