//===- resize_test.cpp - TF-exact bilinear resize and aspect crop ---------===//
//
// Half-pixel mapping used for every hand-computed value below:
//   in = (out + 0.5) * in_size / out_size - 0.5,
//   lower = max(floor(in), 0), upper = min(ceil(in), in_size - 1),
//   weight of upper = in - floor(in).
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/resize.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

using namespace xcc::rt;

namespace {

ImageF32 grey(int h, int w, std::vector<float> values) {
  ImageF32 img(h, w, 1);
  img.data = std::move(values);
  return img;
}

} // namespace

// 2x2 -> 3x3, scale 2/3: out 0 -> in -1/6 (clamps to row/col 0),
// out 1 -> in 0.5 (midpoint), out 2 -> in 7/6 (clamps to 1).
// So corners are copied and the middle is the mean of its neighbours.
TEST(Resize, UpscaleTwoToThree) {
  ImageF32 out = resizeBilinear(grey(2, 2, {0, 10, 20, 30}), 3, 3);
  EXPECT_EQ(out.data,
            (std::vector<float>{0, 5, 10, 10, 15, 20, 20, 25, 30}));
}

// 4x4 -> 2x2, scale 2: out 0 -> in 0.5, out 1 -> in 2.5, so each output is
// the mean of a 2x2 block of v(y, x) = 4y + x: 2.5, 4.5, 10.5, 12.5.
TEST(Resize, DownscaleFourToTwo) {
  std::vector<float> v(16);
  for (int i = 0; i < 16; ++i)
    v[i] = static_cast<float>(i);
  ImageF32 out = resizeBilinear(grey(4, 4, v), 2, 2);
  EXPECT_EQ(out.data, (std::vector<float>{2.5f, 4.5f, 10.5f, 12.5f}));
}

// TensorFlow's own golden values for tf.image.resize(method=BILINEAR)
// (half-pixel centres, no antialias): image_ops_test.py, testResizeUp,
// 3x2 input [64, 32; 32, 64; 50, 100] resized to 6x4, checked to 1e-5.
TEST(Resize, MatchesTensorFlowGolden) {
  ImageF32 out =
      resizeBilinear(grey(3, 2, {64, 32, 32, 64, 50, 100}), 6, 4);
  const std::vector<float> expected = {
      64.0, 56.0,   40.0,   32.0, 56.0, 52.0,   44.0,   40.0,
      40.0, 44.0,   52.0,   56.0, 36.5, 45.625, 63.875, 73.0,
      45.5, 56.875, 79.625, 91.0, 50.0, 62.5,   87.5,   100.0};
  ASSERT_EQ(out.data.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(out.data[i], expected[i], 1e-5) << "index " << i;
}

// Same size maps out i -> in i exactly, so resize is the identity.
TEST(Resize, SameSizeIsIdentity) {
  ImageF32 in = grey(2, 3, {1.5f, -2, 3, 4, 5, 6.25f});
  EXPECT_EQ(resizeBilinear(in, 2, 3).data, in.data);
}

// Channels are interpolated independently: channel 1 = 2 * channel 0 must
// survive resizing exactly (1x2 -> 1x4: weights 0, .25, .75, 1).
TEST(Resize, ChannelsAreIndependent) {
  ImageF32 in(1, 2, 2);
  in.data = {0, 0, 8, 16};
  ImageF32 out = resizeBilinear(in, 1, 4);
  EXPECT_EQ(out.data, (std::vector<float>{0, 0, 2, 4, 6, 12, 8, 16}));
}

// The uint8 overload converts to float first (as TF's kernel does), so it
// equals the float path on the same values.
TEST(Resize, Uint8InputMatchesFloat) {
  ImageU8 in(2, 2, 1);
  in.data = {0, 10, 20, 30};
  EXPECT_EQ(resizeBilinear(in, 3, 3).data,
            resizeBilinear(grey(2, 2, {0, 10, 20, 30}), 3, 3).data);
}

// Keras: crop_h = int(w * th / tw) clamped to h, crop_w = int(h * tw / th)
// clamped to w, offsets int((h - crop_h) / 2). A 375x499 cat photo cropped
// for 150x150 keeps 375x375 starting at column int(124 / 2) = 62.
TEST(Resize, AspectCropBoxSquareTarget) {
  CropBox box = aspectRatioCropBox(375, 499, 150, 150);
  EXPECT_EQ(box.height, 375);
  EXPECT_EQ(box.width, 375);
  EXPECT_EQ(box.top, 0);
  EXPECT_EQ(box.left, 62);
}

// 7x10 for a 3x5 target: crop_h = int(10*3/5) = 6, crop_w = int(7*5/3) =
// int(11.67) = 11 -> clamped to 10; top = int(1/2) = 0 (truncation).
TEST(Resize, AspectCropBoxTruncates) {
  CropBox box = aspectRatioCropBox(7, 10, 3, 5);
  EXPECT_EQ(box.height, 6);
  EXPECT_EQ(box.width, 10);
  EXPECT_EQ(box.top, 0);
  EXPECT_EQ(box.left, 0);
  CropBox tall = aspectRatioCropBox(9, 4, 2, 2); // int(5 / 2) = 2
  EXPECT_EQ(tall.height, 4);
  EXPECT_EQ(tall.top, 2);
  CropBox wide = aspectRatioCropBox(4, 9, 2, 2); // int(5 / 2) = 2, not 3
  EXPECT_EQ(wide.width, 4);
  EXPECT_EQ(wide.left, 2);
}

// Resizing(2, 2, crop_to_aspect_ratio=True) on a 2x4 image keeps the centre
// 2x2 (columns 1-2), then 2x2 -> 2x2 is the identity.
TEST(Resize, KerasResizeWithCrop) {
  ImageU8 in(2, 4, 1);
  in.data = {0, 1, 2, 3, 10, 11, 12, 13};
  EXPECT_EQ(kerasResize(in, 2, 2, true).data,
            (std::vector<float>{1, 2, 11, 12}));
  // Without the crop, columns are squeezed: in x = 0.5 and 2.5.
  EXPECT_EQ(kerasResize(in, 2, 2, false).data,
            (std::vector<float>{0.5f, 2.5f, 10.5f, 12.5f}));
}

// Degenerate sizes are rejected rather than dividing by zero.
TEST(Resize, RejectsEmptySizes) {
  EXPECT_THROW(resizeBilinear(grey(1, 1, {1}), 0, 3), std::invalid_argument);
  EXPECT_THROW(resizeBilinear(ImageF32(), 2, 2), std::invalid_argument);
  EXPECT_THROW(cropImage(ImageU8(2, 2, 3), CropBox{1, 1, 2, 2}),
               std::invalid_argument);
}
