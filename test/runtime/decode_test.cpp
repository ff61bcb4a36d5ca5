//===- decode_test.cpp - Image decoding -----------------------------------===//
//
// Fixtures are flat-colour images encoded in-process, so the expected pixel
// is the encoded colour (JPEG within a small tolerance for YCbCr rounding).
//
//===----------------------------------------------------------------------===//

#include "test_images.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace xcc::rt;
using namespace xcc::rt::test;

namespace {

ImageU8 decodeBytes(const std::vector<uint8_t> &bytes) {
  return decodeImage(bytes.data(), bytes.size(), "<memory>");
}

void expectAllPixels(const ImageU8 &img, std::vector<int> rgb, int tol) {
  ASSERT_EQ(img.channels, 3);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x)
      for (int c = 0; c < 3; ++c)
        ASSERT_LE(std::abs(img.at(y, x, c) - rgb[c]), tol)
            << "pixel (" << y << "," << x << ") channel " << c;
}

// Returns the DecodeError message for decoding `bytes` stored as `name`.
std::string decodeFileError(const std::vector<uint8_t> &bytes,
                            const std::string &name, std::string *path) {
  TempDir dir;
  dir.write(name, bytes);
  *path = (dir.path() / name).string();
  try {
    decodeImageFile(*path);
  } catch (const DecodeError &e) {
    EXPECT_EQ(e.path(), *path);
    return e.what();
  }
  return "<no DecodeError thrown>";
}

} // namespace

// Height/width come out in HxW order (6 rows, 10 columns), colour within
// JPEG's YCbCr rounding of the encoded RGB.
TEST(Decode, RgbJpeg) {
  ImageU8 img = decodeBytes(encodeJpeg(6, 10, 3, {200, 40, 90}));
  EXPECT_EQ(img.height, 6);
  EXPECT_EQ(img.width, 10);
  expectAllPixels(img, {200, 40, 90}, 3);
}

// Grey JPEGs are replicated to RGB, as decode_image(channels=3) does.
TEST(Decode, GreyJpegBecomesRgb) {
  ImageU8 img = decodeBytes(encodeJpeg(4, 4, 1, {77}));
  expectAllPixels(img, {77, 77, 77}, 1);
}

// libjpeg writes CMYK with an Adobe marker, so TF's rule applies:
// r = k*c/255 etc.; with k=255 that is (c, m, y) = (200, 100, 50).
TEST(Decode, AdobeCmykJpegUsesTfConversion) {
  ImageU8 img = decodeBytes(encodeJpeg(8, 8, 4, {200, 100, 50, 255}));
  expectAllPixels(img, {200, 100, 50}, 3);
}

// RGBA PNG: alpha is dropped, not composited (alpha 0 still shows colour).
TEST(Decode, RgbaPngDropsAlpha) {
  ImageU8 img = decodeBytes(encodePng(3, 5, 4, {10, 20, 30, 0}));
  EXPECT_EQ(img.height, 3);
  EXPECT_EQ(img.width, 5);
  expectAllPixels(img, {10, 20, 30}, 0);
}

// Grey+alpha PNG: grey replicated, alpha dropped; PNG is lossless (tol 0).
TEST(Decode, GreyAlphaPng) {
  expectAllPixels(decodeBytes(encodePng(2, 2, 2, {123, 9})), {123, 123, 123},
                  0);
}

// BMP goes through stb_image too; lossless.
TEST(Decode, RgbBmp) {
  ImageU8 img = decodeBytes(encodeBmp(7, 3, 3, {1, 2, 3}));
  EXPECT_EQ(img.height, 7);
  EXPECT_EQ(img.width, 3);
  expectAllPixels(img, {1, 2, 3}, 0);
}

// Format comes from the leading bytes (as TF), not the extension.
TEST(Decode, SniffsFormatNotExtension) {
  std::vector<uint8_t> png = encodePng(2, 2, 3, {5, 6, 7});
  EXPECT_EQ(sniffImageFormat(png.data(), png.size()), ImageFormat::Png);
  TempDir dir;
  dir.write("actually_png.jpg", png);
  expectAllPixels(decodeImageFile((dir.path() / "actually_png.jpg").string()),
                  {5, 6, 7}, 0);
}

// A noisy 64x64 JPEG is mostly scan data, so cutting off its last quarter
// leaves valid headers and a short scan. libjpeg would pad that with grey
// and only warn; TF (try_recover_truncated_jpeg=false) rejects it, so must we.
TEST(Decode, TruncatedJpegScanIsAnError) {
  std::vector<uint8_t> jpeg =
      encodeJpegPixels(64, 64, 3, noiseBytes(64 * 64 * 3, 7));
  ASSERT_NO_THROW(decodeBytes(jpeg)); // the intact file is fine
  jpeg.resize(jpeg.size() * 3 / 4);
  std::string path;
  std::string msg = decodeFileError(jpeg, "cut.jpg", &path);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("corrupt or truncated JPEG"), std::string::npos) << msg;
}

// Cut inside the headers (first 100 bytes): libjpeg's own fatal error path.
TEST(Decode, TruncatedJpegHeaderIsAnError) {
  std::vector<uint8_t> jpeg = encodeJpeg(32, 32, 3, {10, 200, 30});
  jpeg.resize(100);
  std::string path;
  std::string msg = decodeFileError(jpeg, "head.jpg", &path);
  EXPECT_NE(msg.find("corrupt or truncated JPEG"), std::string::npos) << msg;
}

// A JPEG signature followed by junk fails inside libjpeg's header parser;
// setjmp/longjmp turns libjpeg's fatal error into an exception.
TEST(Decode, GarbageJpegIsAnError) {
  std::vector<uint8_t> junk = {0xFF, 0xD8, 0xFF, 0xE0};
  for (int i = 0; i < 200; ++i)
    junk.push_back(static_cast<uint8_t>((i * 37 + 11) & 0xFF));
  std::string path;
  std::string msg = decodeFileError(junk, "junk.jpg", &path);
  EXPECT_NE(msg.find("corrupt or truncated JPEG"), std::string::npos) << msg;
}

// Truncated PNGs fail in stb_image and report its reason.
TEST(Decode, TruncatedPngIsAnError) {
  std::vector<uint8_t> png = encodePng(16, 16, 3, {1, 2, 3});
  png.resize(png.size() - 20);
  std::string path;
  std::string msg = decodeFileError(png, "cut.png", &path);
  EXPECT_NE(msg.find("truncated PNG"), std::string::npos) << msg;
}

// Text with an image extension, an empty file and a missing file all raise
// DecodeError naming the file.
TEST(Decode, NonImagesAreErrors) {
  std::string path;
  std::vector<uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  EXPECT_NE(decodeFileError(text, "t.jpg", &path).find("unknown image format"),
            std::string::npos);
  EXPECT_NE(decodeFileError({}, "e.png", &path).find("file is empty"),
            std::string::npos);
  try {
    decodeImageFile("/nonexistent/xcc/x.jpg");
    FAIL() << "no DecodeError";
  } catch (const DecodeError &e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/xcc/x.jpg"),
              std::string::npos);
  }
}

// toFloat keeps raw 0..255 values; Keras's Rescaling is a separate layer.
TEST(Decode, ToFloatDoesNotRescale) {
  ImageU8 img(1, 2, 3);
  img.data = {0, 1, 2, 253, 254, 255};
  ImageF32 f = toFloat(img);
  EXPECT_EQ(f.data, (std::vector<float>{0, 1, 2, 253, 254, 255}));
}
