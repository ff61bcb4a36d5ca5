//===- augment_test.cpp - Keras RandomFlip + RandomRotation ---------------===//
//
// Rotation geometry used by the hand-computed cases (Keras's matrix, see
// affine_transform.h): with cx = (W - 1) / 2, cy = (H - 1) / 2, output pixel (x, y)
// reads the input at
//   x' = cx + cos·(x - cx) - sin·(y - cy)
//   y' = cy + sin·(x - cx) + cos·(y - cy).
// Bilinear reads the 4 pixels around (x', y') with weights 1 - frac, frac.
//
// Tolerances: float32 cos(π/2) is -4.4e-8, not 0, so "exact" quarter and
// half turns are compared to 1e-4 with bilinear and exactly with nearest
// interpolation; hand-computed bilinear values to 1e-4 (values below 100,
// float32 carries ~7 digits). TF.js goldens to 1e-4: TF.js blends in float64
// where TF and xcc use float32.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/affine_transform.h"
#include "xcc/runtime/augment.h"

#include "xcc/runtime/error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace xcc::rt;

namespace {

constexpr double kPi = 3.14159265358979323846;

ImageF32 image(int h, int w, int c, const std::function<float(int)> &value) {
  ImageF32 img(h, w, c);
  for (size_t i = 0; i < img.data.size(); ++i)
    img.data[i] = value(static_cast<int>(i));
  return img;
}

ImageF32 grey(int h, int w, std::vector<float> values) {
  ImageF32 img(h, w, 1);
  img.data = std::move(values);
  return img;
}

// Element-wise comparison that reports the worst element, not every one.
void expectNear(const ImageF32 &actual, const std::vector<float> &expected, float tolerance, const std::string &label) {
  ASSERT_EQ(actual.data.size(), expected.size()) << label;
  size_t worst = 0;
  float maxDiff = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    const float diff = std::abs(actual.data[i] - expected[i]);
    if (!(diff <= maxDiff)) { // also catches NaN
      maxDiff = diff;
      worst = i;
    }
  }
  EXPECT_LE(maxDiff, tolerance) << label << ": max |diff| " << maxDiff << " at index " << worst << " (got "
                                << actual.data[worst] << ", expected " << expected[worst] << ")";
}

ImageF32 rotate(const ImageF32 &img, double angle, FillMode mode = FillMode::Reflect,
                Interpolation interpolation = Interpolation::Bilinear, float fill = 0) {
  return rotateImage(img, angle, mode, fill, interpolation);
}

// x' = x + shift, y' = y: a pure translation, so every read lands on an
// exact coordinate and fill-mode behaviour can be checked without rounding.
AffineTransform shiftX(float shift) {
  AffineTransform t;
  t.a2 = shift;
  return t;
}

} // namespace

//===----------------------------------------------------------------------===//
// Rotation, hand-computed
//===----------------------------------------------------------------------===//

// 3x3, cx = cy = 1. +90°: x' = 2 - y, y' = x, so output row 0 is input
// column 2 read downwards: np.rot90 (counter-clockwise), as Keras documents
// for positive factors. -90°: x' = y, y' = 2 - x (clockwise).
TEST(AugmentRotate, QuarterTurnIsCounterClockwise) {
  const ImageF32 in = grey(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const std::vector<float> ccw = {3, 6, 9, 2, 5, 8, 1, 4, 7};
  const std::vector<float> cw = {7, 4, 1, 8, 5, 2, 9, 6, 3};
  EXPECT_EQ(rotate(in, kPi / 2, FillMode::Reflect, Interpolation::Nearest).data, ccw);
  EXPECT_EQ(rotate(in, -kPi / 2, FillMode::Reflect, Interpolation::Nearest).data, cw);
  expectNear(rotate(in, kPi / 2), ccw, 1e-4f, "bilinear +90");
  expectNear(rotate(in, -kPi / 2), cw, 1e-4f, "bilinear -90");
}

// 180° on a 2x3 RGB image: x' = 2 - x, y' = 1 - y, so pixels come out in
// reverse order with each pixel's channels untouched.
TEST(AugmentRotate, HalfTurnReversesPixelsKeepingChannels) {
  const ImageF32 in = image(2, 3, 3, [](int i) { return static_cast<float>(i); });
  std::vector<float> expected;
  for (int p = 5; p >= 0; --p)
    for (int c = 0; c < 3; ++c)
      expected.push_back(static_cast<float>(3 * p + c));
  EXPECT_EQ(rotate(in, kPi, FillMode::Reflect, Interpolation::Nearest).data, expected);
  expectNear(rotate(in, kPi), expected, 1e-4f, "bilinear 180");
}

// 3x3, v(y, x) = (3y + x)^2, +30° (cos = .8660254, sin = .5).
// Output (x=1, y=2): x' = 1 - .5 = .5, y' = 1 + .8660254 = 1.8660254.
//   row 1: .5·v(1,0) + .5·v(1,1) = .5·9 + .5·16 = 12.5
//   row 2: .5·v(2,0) + .5·v(2,1) = .5·36 + .5·49 = 42.5
//   (2 - 1.8660254)·12.5 + .8660254·42.5 = 1.6746825 + 36.8060795 = 38.480762
// Output (x=1, y=0): x' = 1.5, y' = 1 - .8660254 = .1339746.
//   row 0: .5·v(0,1) + .5·v(0,2) = .5·1 + .5·4 = 2.5
//   row 1: .5·v(1,1) + .5·v(1,2) = .5·16 + .5·25 = 20.5
//   .8660254·2.5 + .1339746·20.5 = 2.1650635 + 2.7464793 = 4.9115428
// The centre (1, 1) maps to itself: 16.
TEST(AugmentRotate, SmallAngleBilinearByHand) {
  const ImageF32 in = image(3, 3, 1, [](int i) { return static_cast<float>(i * i); });
  const ImageF32 out = rotate(in, kPi / 6);
  EXPECT_NEAR(out.at(2, 1, 0), 38.480762f, 1e-4f);
  EXPECT_NEAR(out.at(0, 1, 0), 4.9115428f, 1e-4f);
  EXPECT_NEAR(out.at(1, 1, 0), 16.0f, 1e-4f);
}

// 3x5 (cx = 2, cy = 1), v(y, x) = 10y + x, +90°: x' = 3 - y, y' = x - 1.
// Output row y reads input column 3 - y; output column x reads input row
// x - 1 = -1, 0, 1, 2, 3, so columns 0 and 4 read a row outside the image:
//   reflect: -1 -> 0, 3 -> 2 (edge repeated)     nearest: the same here
//   wrap:    -1 -> 2, 3 -> 0                     constant: the fill value
TEST(AugmentRotate, QuarterTurnOfWideImageUsesFillMode) {
  const ImageF32 in = image(3, 5, 1, [](int i) { return static_cast<float>(10 * (i / 5) + i % 5); });
  auto expected = [](std::vector<float> rowOf) { // rowOf[x] = input row read by column x
    std::vector<float> out;
    for (int y = 0; y < 3; ++y)
      for (float row : rowOf)
        out.push_back(row < 0 ? -5.0f : 10 * row + static_cast<float>(3 - y));
    return out;
  };
  expectNear(rotate(in, kPi / 2, FillMode::Reflect), expected({0, 0, 1, 2, 2}), 1e-4f, "reflect");
  expectNear(rotate(in, kPi / 2, FillMode::Nearest), expected({0, 0, 1, 2, 2}), 1e-4f, "nearest");
  expectNear(rotate(in, kPi / 2, FillMode::Wrap), expected({2, 0, 1, 2, 0}), 1e-4f, "wrap");
  expectNear(rotate(in, kPi / 2, FillMode::Constant, Interpolation::Bilinear, -5), expected({-1, 0, 1, 2, -1}), 1e-4f,
             "constant");
}

//===----------------------------------------------------------------------===//
// TF's fill modes, on exact translations of a 1x4 row [a b c d] = [1 2 3 4]
//===----------------------------------------------------------------------===//

// Reading x' = x - 4 (-4..-1, left of the image) and x' = x + 4 (4..7):
//   reflect  d c b a | a b c d | d c b a
//   nearest  a a a a | a b c d | d d d d
//   constant k k k k | a b c d | k k k k
//   wrap     TF steps by len but divides by len - 1, so only points less
//            than len - 1 = 3 outside wrap truly; the rest clamp to an edge:
//            left  -4 -> 4 -> d, -3 -> 5 -> d, -2 -> 2 = c, -1 -> 3 = d
//            right  4 -> 0 = a, 5 -> 1 = b, 6 -> -2 -> a, 7 -> -1 -> a
TEST(AugmentTransform, FillModesBeyondEachEdgeMatchTensorFlow) {
  const ImageF32 in = grey(1, 4, {1, 2, 3, 4});
  struct Case {
    FillMode mode;
    std::vector<float> left, right;
  };
  const Case cases[] = {
      {FillMode::Reflect, {4, 3, 2, 1}, {4, 3, 2, 1}},
      {FillMode::Nearest, {1, 1, 1, 1}, {4, 4, 4, 4}},
      {FillMode::Constant, {9, 9, 9, 9}, {9, 9, 9, 9}},
      {FillMode::Wrap, {4, 4, 3, 4}, {1, 2, 1, 1}},
  };
  for (const Case &c : cases) {
    for (Interpolation interpolation : {Interpolation::Bilinear, Interpolation::Nearest}) {
      const std::string label = "mode " + std::to_string(static_cast<int>(c.mode)) + " interpolation " +
                                std::to_string(static_cast<int>(interpolation));
      EXPECT_EQ(affineTransform(in, shiftX(-4), c.mode, 9, interpolation).data, c.left) << label;
      EXPECT_EQ(affineTransform(in, shiftX(4), c.mode, 9, interpolation).data, c.right) << label;
    }
  }
}

// Half a pixel left of the image, x' = x - .5 on [10 20 30 40], bilinear:
//   constant: taps -1 (fill 100) and 0 -> .5·100 + .5·10 = 55: TF blends
//             the fill into the border band rather than filling the pixel;
//   reflect:  -.5 -> -(-.5) - 1 = -.5, clamped to 0 -> 10;
//   nearest:  clamped to 0 -> 10;
//   wrap:     -.5 + 4 = 3.5, clamped to 3 -> 40 (no blend of d and a).
// The other outputs read .5, 1.5, 2.5 inside: 15, 25, 35.
TEST(AugmentTransform, HalfPixelOutsideTheEdge) {
  const ImageF32 in = grey(1, 4, {10, 20, 30, 40});
  auto firstOf = [&](FillMode mode) {
    return affineTransform(in, shiftX(-0.5f), mode, 100, Interpolation::Bilinear).data;
  };
  EXPECT_EQ(firstOf(FillMode::Constant), (std::vector<float>{55, 15, 25, 35}));
  EXPECT_EQ(firstOf(FillMode::Reflect), (std::vector<float>{10, 15, 25, 35}));
  EXPECT_EQ(firstOf(FillMode::Nearest), (std::vector<float>{10, 15, 25, 35}));
  EXPECT_EQ(firstOf(FillMode::Wrap), (std::vector<float>{40, 15, 25, 35}));
}

// Keras's matrix for 0.6 rad on a 4x5 image, as TF.js's golden script
// (test/oracle/augment_golden.js) printed it from Keras's float32 formula.
TEST(AugmentTransform, KerasRotationMatrix) {
  const AffineTransform t = kerasRotationTransform(0.6, 4, 5);
  EXPECT_NEAR(t.a0, 0.825335622f, 1e-7f);
  EXPECT_NEAR(t.a1, -0.564642489f, 1e-7f);
  EXPECT_NEAR(t.a2, 1.19629252f, 1e-6f);
  EXPECT_NEAR(t.b0, 0.564642489f, 1e-7f);
  EXPECT_NEAR(t.b1, 0.825335622f, 1e-7f);
  EXPECT_NEAR(t.b2, -0.867288470f, 1e-6f);
  // Angle 0 is the identity map, so applyAugmentation may skip it.
  const AffineTransform id = kerasRotationTransform(0, 7, 9);
  EXPECT_EQ(std::vector<float>({id.a0, id.a1, id.a2, id.b0, id.b1, id.b2}), std::vector<float>({1, 0, 0, 0, 1, 0}));
}

//===----------------------------------------------------------------------===//
// Goldens from TensorFlow.js
//===----------------------------------------------------------------------===//

namespace {

// A_reflect: angle 0.6, bilinear, reflect, fill 9.5
const std::vector<float> kA_reflect = {0.39721939,  1.02703524, 5.56091928, 16.1821823, 31.499342,
                                       0.157912508, 5.76342773, 15.4444818, 33.7473488, 57.4468689,
                                       5.04412556,  16.0058117, 32.364151,  57.3443031, 84.4072342,
                                       17.6634693,  32.2799835, 56.3199272, 72.0715714, 79.2824402};
// A_wrap: angle 0.6, bilinear, wrap, fill 9.5
const std::vector<float> kA_wrap = {65.6194153, 72.4392471, 5.56091928, 16.1821823, 13.5865278,  61.1452866, 5.76342773,
                                    15.4444818, 33.7473488, 57.4468689, 5.04412556, 16.0058117,  32.364151,  57.3443031,
                                    2.89461255, 37.7506523, 32.2799835, 56.3199272, 0.983778954, 2.00463438};
// A_nearest: angle 0.6, bilinear, nearest, fill 9.5
const std::vector<float> kA_nearest = {0.39721939,  1.02703524, 5.56091928, 16.1821823, 31.499342,
                                       0.157912508, 5.76342773, 15.4444818, 33.7473488, 57.4468689,
                                       5.04412556,  16.0058117, 32.364151,  57.3443031, 84.4072342,
                                       17.6634693,  32.2799835, 56.3199272, 72.0715714, 79.2824402};
// A_constant: angle 0.6, bilinear, constant, fill 9.5
const std::vector<float> kA_constant = {8.29195595,  3.59134388, 5.56091928, 16.1821823, 20.5517006,
                                        0.549839675, 5.76342773, 15.4444818, 33.7473488, 57.4468689,
                                        5.04412556,  16.0058117, 32.364151,  57.3443031, 81.2646713,
                                        13.6010418,  32.2799835, 56.3199272, 53.1345406, 18.7609425};
// C_reflect: angle 0.6, bilinear, reflect, fill 0
const std::vector<float> kC_reflect = {3.13254547, 7.99043798, 6.34411621, 3.8770709,  4.93038464,
                                       7.66496181, 1.93337631, 1.20835876, 5.33503675, 8.06961346,
                                       9.12292767, 6.65588617, 5.00956059, 8.87689781};
// C_wrap: angle 0.6, bilinear, wrap, fill 0
const std::vector<float> kC_wrap = {2.54948616, 4.15824938, 8.28492737, 3.8770709,  4.93038464, 11.6649618, 5.93337631,
                                    7.06662607, 1.33503675, 8.06961346, 9.12292767, 4.7150712,  8.84174919, 10.4505157};
// C_nearest: angle 0.6, bilinear, nearest, fill 0
const std::vector<float> kC_nearest = {4.03157139, 8.1582489,  6.34411621, 3.8770709,  4.93038464,
                                       7.66496181, 1.93337631, 1.20835876, 5.33503675, 8.06961346,
                                       9.12292767, 6.65588617, 4.84174919, 6.45051622};
// A_nearest_interp_reflect: angle 0.6, nearest, reflect, fill 0
const std::vector<float> kA_nearest_interp_reflect = {0.25, 1, 2.25, 20.25, 20.25, 0.25, 9,  12.25, 42.25, 49,
                                                      6.25, 9, 36,   42.25, 81,    25,   25, 64,    72.25, 81};
// A_nearest_interp_constant: angle 0.6, nearest, constant, fill 9.5
const std::vector<float> kA_nearest_interp_constant = {9.5,  1, 2.25, 20.25, 20.25, 0.25, 9,  12.25, 42.25, 49,
                                                       6.25, 9, 36,   42.25, 81,    25,   25, 64,    72.25, 9.5};
// B_reflect: angle -0.45, bilinear, reflect, fill 0
const std::vector<float> kB_reflect = {
    14.4764166, 51.4764175, 27.4764175, 11.5040607, 42.1037025, 18.1037025, 49.1167831, 25.1167831, 6.01462603,
    39.2118645, 15.2118635, 51.0369835, 29.7840176, 20.911953,  42.7840195, 15.6266842, 45.1774483, 28.6266842,
    33.2451935, 35.3273506, 15.0339785, 42.028019,  18.028019,  39.0923271, 43.4489975, 22.6148758, 22.592865,
    26.1496639, 49.8832207, 39.1496658, 21.4564304, 45.8503304, 21.8503323, 31.3503513, 28.5510006, 38.4071426,
    39.9516487, 29.9719772, 21.9076748, 36.6726456, 12.6726446, 45.9660225, 19.373312,  30.7597847, 32.3733139,
    5.21597862, 42.2159805, 18.2159786, 56.7881355, 32.7881355, 9.96301746, 46.8832169, 22.8832169, 54.9853745,
    29.8962936, 26.7379837, 42.8962936, 20.5235806, 48.46838,   33.5235786};
// B_wrap: angle -0.45, bilinear, wrap, fill 0
const std::vector<float> kB_wrap = {
    42.4764175, 18.4764175, 55.4764175, 11.5040607, 42.1037025, 18.1037025, 56.1167831, 32.1167831, 13.0146265,
    46.2118645, 22.2118645, 58.0369835, 11.9119539, 33.7840195, 24.911953,  15.6266842, 45.1774483, 28.6266842,
    33.2451935, 35.3273506, 15.0339785, 42.028019,  18.028019,  39.0923271, 43.4489975, 22.6148758, 22.592865,
    26.1496639, 49.8832207, 39.1496658, 21.4564304, 45.8503304, 21.8503323, 31.3503513, 28.5510006, 38.4071426,
    39.9516487, 29.9719772, 21.9076748, 36.6726456, 12.6726446, 45.9660225, 19.373312,  30.7597847, 32.3733139,
    38.2159805, 14.2159786, 36.0880547, 49.7881355, 25.7881355, 2.96301746, 39.8832169, 15.8832178, 47.9853745,
    29.8962936, 26.7379837, 42.8962936, 44.46838,   29.5235806, 5.52358007};
// B_constant: angle -0.45, bilinear, constant, fill -2
const std::vector<float> kB_constant = {
    2.60348225, 12.9412174, 6.2356596,  11.5040607, 42.1037025, 18.1037025, 48.1774025, 24.618454,  5.86734056,
    20.5287685, 7.40899181, 26.9930573, 20.7053509, 14.3674698, 29.9920807, 15.6266842, 45.1774483, 28.6266842,
    33.2451935, 35.3273506, 15.0339785, 42.028019,  18.028019,  39.0923271, 43.4489975, 22.6148758, 22.592865,
    26.1496639, 49.8832207, 39.1496658, 21.4564304, 45.8503304, 21.8503323, 31.3503513, 28.5510006, 38.4071426,
    39.9516487, 29.9719772, 21.9076748, 36.6726456, 12.6726446, 45.9660225, 19.373312,  30.7597847, 32.3733139,
    3.15483379, 29.5862942, 12.4415627, 30.1369801, 17.0171986, 4.53967381, 45.9848938, 22.4259415, 53.9381599,
    29.8962936, 26.7379837, 42.8962936, 4.29304886, 12.1007786, 7.92522669};
// B_guide_max: angle 0.6283185307179586, bilinear, reflect, fill 0
const std::vector<float> kB_guide_max = {
    44.9175072, 20.9175053, 25.1022472, 37.515564,  13.5155659, 46.5993652, 39.4895973, 15.4895964, 52.4895973,
    33.3996696, 25.481945,  46.3996696, 32.4759789, 32.6413307, 8.64133072, 40.4025993, 33.7344933, 14.0237532,
    29.2502422, 34.8276558, 26.2967968, 2.23523474, 39.2352333, 15.2352343, 15.8602571, 47.7102776, 28.8602562,
    18.6653385, 53.9534187, 29.9534187, 18.0465813, 37.119133,  31.0465813, 19.1397438, 40.7324715, 32.1397438,
    32.7647667, 13.1970778, 45.7647667, 37.1723442, 28.188982,  34.7032013, 38.2655067, 14.2655077, 46.9762459,
    39.3586693, 17.7310886, 52.3586693, 46.518055,  22.518055,  14.6003304, 36.7377777, 32.5104027, 8.51040363,
    43.4059258, 34.484436,  14.4006367, 51.0824966, 27.0824947, 35.8977509};

} // namespace

// tf.image.transform (TF.js 4.22, CPU backend) with Keras's rotation matrix,
// printed by `node test/oracle/augment_golden.js`; images from the same
// formulas: A 4x5x1 v = i²/4, B 5x4x3 v = 37i mod 61, C 2x7x1 v = 5i mod 13.
TEST(AugmentGolden, MatchesTensorFlowJs) {
  const ImageF32 a = image(4, 5, 1, [](int i) { return static_cast<float>(i * i) / 4; });
  const ImageF32 b = image(5, 4, 3, [](int i) { return static_cast<float>((37 * i) % 61); });
  const ImageF32 c = image(2, 7, 1, [](int i) { return static_cast<float>((5 * i) % 13); });
  struct Case {
    const char *name;
    const ImageF32 &in;
    double angle;
    Interpolation interpolation;
    FillMode mode;
    float fill;
    const std::vector<float> &expected;
  };
  const auto bi = Interpolation::Bilinear, nn = Interpolation::Nearest;
  const Case cases[] = {
      {"A reflect", a, 0.6, bi, FillMode::Reflect, 9.5f, kA_reflect},
      {"A wrap", a, 0.6, bi, FillMode::Wrap, 9.5f, kA_wrap},
      {"A nearest", a, 0.6, bi, FillMode::Nearest, 9.5f, kA_nearest},
      {"A constant", a, 0.6, bi, FillMode::Constant, 9.5f, kA_constant},
      {"C reflect", c, 0.6, bi, FillMode::Reflect, 0, kC_reflect},
      {"C wrap", c, 0.6, bi, FillMode::Wrap, 0, kC_wrap},
      {"C nearest", c, 0.6, bi, FillMode::Nearest, 0, kC_nearest},
      {"A nearest-interpolation reflect", a, 0.6, nn, FillMode::Reflect, 0, kA_nearest_interp_reflect},
      {"A nearest-interpolation constant", a, 0.6, nn, FillMode::Constant, 9.5f, kA_nearest_interp_constant},
      {"B reflect", b, -0.45, bi, FillMode::Reflect, 0, kB_reflect},
      {"B wrap", b, -0.45, bi, FillMode::Wrap, 0, kB_wrap},
      {"B constant", b, -0.45, bi, FillMode::Constant, -2, kB_constant},
      {"B guide max (0.1 turn)", b, 0.1 * 2 * kPi, bi, FillMode::Reflect, 0, kB_guide_max},
  };
  for (const Case &k : cases)
    expectNear(rotateImage(k.in, k.angle, k.mode, k.fill, k.interpolation), k.expected, 1e-4f, k.name);
}

//===----------------------------------------------------------------------===//
// Flips and the Sequential order
//===----------------------------------------------------------------------===//

// 2x3 RGB, pixel p = 3y + x holds (10p, 10p + 1, 10p + 2).
TEST(AugmentFlip, MirrorsEachAxisKeepingChannels) {
  const ImageF32 in = image(2, 3, 3, [](int i) { return static_cast<float>(10 * (i / 3) + i % 3); });
  auto pixels = [](std::vector<int> order) {
    std::vector<float> out;
    for (int p : order)
      for (int c = 0; c < 3; ++c)
        out.push_back(static_cast<float>(10 * p + c));
    return out;
  };
  ImageF32 h = in;
  flipImageHorizontally(h);
  EXPECT_EQ(h.data, pixels({2, 1, 0, 5, 4, 3}));
  ImageF32 v = in;
  flipImageVertically(v);
  EXPECT_EQ(v.data, pixels({3, 4, 5, 0, 1, 2}));
  flipImageHorizontally(h);
  EXPECT_EQ(h.data, in.data); // an involution
}

// RandomFlip runs before RandomRotation. On [1..9] a horizontal flip then a
// +90° turn gives the transpose; the other order would give 9 6 3 / ...
TEST(AugmentApply, FlipsBeforeRotating) {
  const ImageF32 in = grey(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  AugmentOptions options;
  options.interpolation = Interpolation::Nearest;
  AugmentDraw draw;
  draw.flipHorizontal = true;
  draw.angle = kPi / 2;
  EXPECT_EQ(applyAugmentation(in, draw, options).data, (std::vector<float>{1, 4, 7, 2, 5, 8, 3, 6, 9}));
  draw.angle = 0;
  EXPECT_EQ(applyAugmentation(in, draw, options).data, (std::vector<float>{3, 2, 1, 6, 5, 4, 9, 8, 7}));
  draw.flipHorizontal = false;
  draw.flipVertical = true;
  EXPECT_EQ(applyAugmentation(in, draw, options).data, (std::vector<float>{7, 8, 9, 4, 5, 6, 1, 2, 3}));
}

//===----------------------------------------------------------------------===//
// Draws
//===----------------------------------------------------------------------===//

namespace {

AugmentOptions guideOptions() { return parseAugmentSpec("flip=horizontal,rotation=0.1"); }

bool sameDraw(const AugmentDraw &x, const AugmentDraw &y) {
  return x.flipHorizontal == y.flipHorizontal && x.flipVertical == y.flipVertical && x.angle == y.angle;
}

} // namespace

// A pure function of the key: visiting samples in another order (as another
// thread would) gives identical draws.
TEST(AugmentDraw, SameKeySameDrawInAnyOrder) {
  const AugmentOptions options = guideOptions();
  std::vector<AugmentDraw> forward, backward(100);
  for (uint64_t s = 0; s < 100; ++s)
    forward.push_back(drawAugmentation(options, 42, 3, s));
  for (uint64_t s = 100; s-- > 0;)
    backward[s] = drawAugmentation(options, 42, 3, s);
  for (size_t s = 0; s < 100; ++s)
    EXPECT_TRUE(sameDraw(forward[s], backward[s])) << "sample " << s;
}

// Changing any part of the key, or swapping two parts, changes the angle.
TEST(AugmentDraw, EveryPartOfTheKeyMatters) {
  const AugmentOptions options = guideOptions();
  const double base = drawAugmentation(options, 1, 2, 3).angle;
  EXPECT_NE(drawAugmentation(options, 9, 2, 3).angle, base);
  EXPECT_NE(drawAugmentation(options, 1, 9, 3).angle, base);
  EXPECT_NE(drawAugmentation(options, 1, 2, 9).angle, base);
  EXPECT_NE(drawAugmentation(options, 2, 1, 3).angle, base);
  EXPECT_NE(drawAugmentation(options, 1, 3, 2).angle, base);
}

// 20000 draws: flip frequency 0.5 ± 0.015 (σ = .0035), angles inside
// [lower, upper)·2π with the uniform's mean (σ of the mean ≈ .0045 rad) and
// both halves of the range hit evenly.
TEST(AugmentDraw, FlipsHalfTheTimeAndAnglesStayInBounds) {
  AugmentOptions options = parseAugmentSpec("flip=horizontal,rotation=-0.1:0.25");
  const double lo = -0.1 * 2 * kPi, hi = 0.25 * 2 * kPi, mid = (lo + hi) / 2;
  const int n = 20000;
  int flips = 0, belowMid = 0;
  double sum = 0;
  for (int s = 0; s < n; ++s) {
    const AugmentDraw d = drawAugmentation(options, 7, 0, s);
    flips += d.flipHorizontal;
    EXPECT_FALSE(d.flipVertical);
    ASSERT_GE(d.angle, lo);
    ASSERT_LT(d.angle, hi);
    sum += d.angle;
    belowMid += d.angle < mid;
  }
  EXPECT_NEAR(flips / double(n), 0.5, 0.015);
  EXPECT_NEAR(belowMid / double(n), 0.5, 0.015);
  EXPECT_NEAR(sum / n, mid, 0.02);
}

// Keras >= 3.6: "horizontal_and_vertical" uses one uniform for both axes,
// so the draw is either no flip or both (each axis still flips half the time).
TEST(AugmentDraw, BothAxesShareOneCoinAsInKeras) {
  const AugmentOptions options = parseAugmentSpec("flip=horizontal_and_vertical");
  int both = 0;
  for (uint64_t s = 0; s < 4000; ++s) {
    const AugmentDraw d = drawAugmentation(options, 5, 1, s);
    ASSERT_EQ(d.flipHorizontal, d.flipVertical) << "sample " << s;
    both += d.flipHorizontal;
    EXPECT_EQ(d.angle, 0);
  }
  EXPECT_NEAR(both / 4000.0, 0.5, 0.03);
}

// Each random choice has its own slot in the stream, so turning rotation on
// does not change which images are flipped.
TEST(AugmentDraw, EnablingRotationKeepsTheFlips) {
  const AugmentOptions flipOnly = parseAugmentSpec("flip=horizontal");
  const AugmentOptions both = guideOptions();
  for (uint64_t s = 0; s < 200; ++s)
    EXPECT_EQ(drawAugmentation(flipOnly, 11, 0, s).flipHorizontal, drawAugmentation(both, 11, 0, s).flipHorizontal);
}

TEST(AugmentDraw, DisabledOptionsDrawNothing) {
  for (uint64_t s = 0; s < 50; ++s)
    EXPECT_TRUE(sameDraw(drawAugmentation(AugmentOptions{}, 3, 4, s), AugmentDraw{}));
}

//===----------------------------------------------------------------------===//
// Specs
//===----------------------------------------------------------------------===//

TEST(AugmentSpec, ParsesTheGuideSpec) {
  const AugmentOptions o = guideOptions();
  EXPECT_TRUE(o.flipHorizontal);
  EXPECT_FALSE(o.flipVertical);
  EXPECT_DOUBLE_EQ(o.rotationLower, -0.1);
  EXPECT_DOUBLE_EQ(o.rotationUpper, 0.1);
  EXPECT_EQ(o.fillMode, FillMode::Reflect);
  EXPECT_EQ(o.fillValue, 0);
  EXPECT_EQ(o.interpolation, Interpolation::Bilinear);
  EXPECT_TRUE(o.enabled());
}

// Pairs are sorted and a negative single factor means ±|f|, as Keras's
// _set_factor does; spaces around parts are ignored.
TEST(AugmentSpec, ParsesEveryKey) {
  const AugmentOptions o = parseAugmentSpec(
      "flip=horizontal_and_vertical, rotation=0.2:-0.1, fill=constant, fill_value=-1.5, interpolation=nearest");
  EXPECT_TRUE(o.flipHorizontal && o.flipVertical);
  EXPECT_DOUBLE_EQ(o.rotationLower, -0.1);
  EXPECT_DOUBLE_EQ(o.rotationUpper, 0.2);
  EXPECT_EQ(o.fillMode, FillMode::Constant);
  EXPECT_EQ(o.fillValue, -1.5f);
  EXPECT_EQ(o.interpolation, Interpolation::Nearest);

  const AugmentOptions negative = parseAugmentSpec("rotation=-0.25,fill=wrap");
  EXPECT_DOUBLE_EQ(negative.rotationLower, -0.25);
  EXPECT_DOUBLE_EQ(negative.rotationUpper, 0.25);
  EXPECT_FALSE(negative.flipHorizontal || negative.flipVertical);
  EXPECT_EQ(parseAugmentSpec("flip=vertical").flipVertical, true);
}

TEST(AugmentSpec, NoneDisablesEverything) {
  EXPECT_FALSE(parseAugmentSpec("none").enabled());
  EXPECT_FALSE(parseAugmentSpec("rotation=0").enabled());
}

// Every error names the spec and the offending part.
TEST(AugmentSpec, RejectsBadSpecs) {
  const std::pair<const char *, const char *> bad[] = {
      {"", "is empty"},
      {"flip", "'flip' is not key=value"},
      {"flip=diagonal", "'flip=diagonal' expects one of horizontal|vertical|horizontal_and_vertical"},
      {"rotation=1.5", "'rotation=1.5' is outside [-1, 1]"},
      {"rotation=abc", "'rotation=abc' needs a finite number, got 'abc'"},
      {"rotation=nan", "needs a finite number"},
      {"rotation=0.1:", "needs a finite number, got ''"},
      {"rotation=0.1:0.2:0.3", "more than one ':'"},
      {"fill=mirror", "'fill=mirror' expects one of reflect|wrap|constant|nearest"},
      {"interpolation=bicubic", "expects one of bilinear|nearest"},
      {"fill_value=x", "'fill_value=x' needs a finite number"},
      {"flip=horizontal,flip=vertical", "repeats key 'flip'"},
      {"zoom=0.1", "'zoom=0.1' has an unknown key"},
      {"flip=horizontal,,rotation=0.1", "'' is not key=value"},
      {"none,flip=horizontal", "'none' is not key=value"},
  };
  for (const auto &[spec, reason] : bad) {
    try {
      parseAugmentSpec(spec);
      ADD_FAILURE() << "accepted '" << spec << "'";
    } catch (const RuntimeError &e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("augmentation spec '" + std::string(spec) + "'"), std::string::npos) << message;
      EXPECT_NE(message.find(reason), std::string::npos) << message;
    }
  }
}

TEST(AugmentSpec, FormatRoundTrips) {
  EXPECT_EQ(formatAugmentSpec(guideOptions()),
            "flip=horizontal,rotation=-0.1:0.1,fill=reflect,fill_value=0,interpolation=bilinear");
  EXPECT_EQ(formatAugmentSpec(AugmentOptions{}), "none");
  EXPECT_EQ(formatAugmentSpec(parseAugmentSpec("flip=vertical,fill=wrap")), "flip=vertical");
  for (const char *spec : {"none", "flip=horizontal_and_vertical",
                           "rotation=-0.3:0.05,fill=constant,fill_value=0.1,interpolation=nearest"}) {
    const std::string canonical = formatAugmentSpec(parseAugmentSpec(spec));
    EXPECT_EQ(formatAugmentSpec(parseAugmentSpec(canonical)), canonical) << spec;
  }
  EXPECT_EQ(
      parseAugmentSpec(formatAugmentSpec(parseAugmentSpec("fill_value=0.1,rotation=0.2,fill=constant"))).fillValue,
      0.1f);
}
