//===- augment.cpp - Keras RandomFlip + RandomRotation --------------------===//
//
// The resampling reproduces TF's ImageProjectiveTransformV3 CPU kernel
// (tensorflow/core/kernels/image/image_ops.h) operation for operation in
// float32, because that is what Keras's RandomRotation runs inside tf.data.
//
//===----------------------------------------------------------------------===//

#include "xcc/initializers/splitmix64.h"
#include "xcc/runtime/augment.h"

#include "xcc/runtime/error.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace xcc::rt {
namespace {

constexpr double kTwoPi = 6.283185307179586476925;

//===----------------------------------------------------------------------===//
// Random draws
//===----------------------------------------------------------------------===//

// Chained rather than XOR-ed together, so (seed, epoch, sample) and any
// permutation of it give unrelated keys.
uint64_t drawKey(uint64_t seed, uint64_t epoch, uint64_t sample) {
  return splitmix64(splitmix64(splitmix64(seed) ^ epoch) ^ sample);
}

// Uniform in [0, 1) from the `slot`-th word of the key's splitmix64 stream.
double uniformSlot(uint64_t key, uint64_t slot) {
  const uint64_t word = splitmix64(key + slot * 0x9E3779B97F4A7C15ull);
  return static_cast<double>(word >> 11) * 0x1.0p-53;
}

enum DrawSlot : uint64_t { kFlipSlot = 0, kAngleSlot = 1 };

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

//===----------------------------------------------------------------------===//
// Spec parsing: one table per enumerated key, used both ways.
//===----------------------------------------------------------------------===//

template <typename T> struct Named {
  std::string_view name;
  T value;
};

struct FlipAxes {
  bool horizontal, vertical;
  bool operator==(const FlipAxes &o) const { return horizontal == o.horizontal && vertical == o.vertical; }
};

constexpr Named<FlipAxes> kFlipModes[] = {
    {"horizontal", {true, false}},
    {"vertical", {false, true}},
    {"horizontal_and_vertical", {true, true}},
};
constexpr Named<FillMode> kFillModes[] = {
    {"reflect", FillMode::Reflect},
    {"wrap", FillMode::Wrap},
    {"constant", FillMode::Constant},
    {"nearest", FillMode::Nearest},
};
constexpr Named<Interpolation> kInterpolations[] = {
    {"bilinear", Interpolation::Bilinear},
    {"nearest", Interpolation::Nearest},
};

template <typename T, size_t N> std::string_view nameOf(const Named<T> (&table)[N], const T &value) {
  for (const auto &entry : table)
    if (entry.value == value)
      return entry.name;
  return "?";
}

template <typename T, size_t N> std::string choicesOf(const Named<T> (&table)[N]) {
  std::string out;
  for (const auto &entry : table)
    out += (out.empty() ? "" : "|") + std::string(entry.name);
  return out;
}

std::string_view trim(std::string_view s) {
  const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && isSpace(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back()))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end - start));
    if (end == std::string_view::npos)
      return parts;
    start = end + 1;
  }
}

// Collects the spec's errors in one format: which part, and why.
class SpecParser {
public:
  explicit SpecParser(const std::string &spec) : spec_(spec) {}

  AugmentOptions parse() {
    if (trim(spec_) == "none")
      return {};
    if (trim(spec_).empty())
      fail("", "is empty (use \"none\" for no augmentation)");
    std::set<std::string_view> seen;
    for (std::string_view raw : split(spec_, ',')) {
      const std::string_view part = trim(raw);
      const size_t eq = part.find('=');
      if (eq == std::string_view::npos)
        fail(part, "is not key=value");
      const std::string_view key = trim(part.substr(0, eq));
      if (!seen.insert(key).second)
        fail(part, "repeats key '" + std::string(key) + "'");
      apply(part, key, trim(part.substr(eq + 1)));
    }
    return options_;
  }

private:
  void apply(std::string_view part, std::string_view key, std::string_view value) {
    if (key == "flip") {
      const FlipAxes axes = choice(part, value, kFlipModes);
      options_.flipHorizontal = axes.horizontal;
      options_.flipVertical = axes.vertical;
    } else if (key == "rotation") {
      rotation(part, value);
    } else if (key == "fill") {
      options_.fillMode = choice(part, value, kFillModes);
    } else if (key == "fill_value") {
      options_.fillValue = static_cast<float>(number(part, value));
    } else if (key == "interpolation") {
      options_.interpolation = choice(part, value, kInterpolations);
    } else {
      fail(part, "has an unknown key (expected flip, rotation, fill, "
                 "fill_value or interpolation)");
    }
  }

  // Keras's _set_factor: a number f means [-|f|, |f|], a pair is sorted;
  // factors are fractions of a full turn, so |f| <= 1.
  void rotation(std::string_view part, std::string_view value) {
    const std::vector<std::string_view> bounds = split(value, ':');
    if (bounds.size() > 2)
      fail(part, "has more than one ':' (expected F or LOWER:UPPER)");
    double lower = factor(part, bounds.front());
    double upper = bounds.size() == 2 ? factor(part, bounds.back()) : std::abs(lower);
    if (bounds.size() == 1)
      lower = -upper;
    if (lower > upper)
      std::swap(lower, upper);
    options_.rotationLower = lower;
    options_.rotationUpper = upper;
  }

  double factor(std::string_view part, std::string_view text) {
    const double f = number(part, text);
    if (f < -1 || f > 1)
      fail(part, "is outside [-1, 1] (rotation factors are fractions of "
                 "a full turn)");
    return f;
  }

  double number(std::string_view part, std::string_view text) {
    text = trim(text);
    double value = 0;
    const char *end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
      fail(part, "needs a finite number, got '" + std::string(text) + "'");
    return value;
  }

  template <typename T, size_t N> T choice(std::string_view part, std::string_view value, const Named<T> (&table)[N]) {
    for (const auto &entry : table)
      if (entry.name == value)
        return entry.value;
    fail(part, "expects one of " + choicesOf(table));
  }

  [[noreturn]] void fail(std::string_view part, const std::string &why) {
    throw RuntimeError("augmentation spec '" + spec_ + "': '" + std::string(part) + "' " + why);
  }

  const std::string &spec_;
  AugmentOptions options_;
};

// Shortest text that parses back to the same value (float or double).
template <typename T> std::string shortest(T value) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

bool AugmentOptions::rotationEnabled() const { return rotationLower != 0 || rotationUpper != 0; }

bool AugmentOptions::enabled() const { return flipHorizontal || flipVertical || rotationEnabled(); }

AugmentDraw drawAugmentation(const AugmentOptions &options, uint64_t seed, uint64_t epoch, uint64_t sample) {
  const uint64_t key = drawKey(seed, epoch, sample);
  // Keras >= 3.6 RandomFlip: one uniform per image, `<= 0.5` flips every
  // enabled axis.
  const bool flip = uniformSlot(key, kFlipSlot) <= 0.5;
  AugmentDraw draw;
  draw.flipHorizontal = options.flipHorizontal && flip;
  draw.flipVertical = options.flipVertical && flip;
  if (options.rotationEnabled()) {
    const double u = uniformSlot(key, kAngleSlot);
    const double span = options.rotationUpper - options.rotationLower;
    draw.angle = (options.rotationLower + span * u) * kTwoPi;
  }
  return draw;
}

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

ImageF32 applyAugmentation(ImageF32 image, const AugmentDraw &draw, const AugmentOptions &options) {
  if (draw.flipHorizontal)
    flipImageHorizontally(image);
  if (draw.flipVertical)
    flipImageVertically(image);
  if (draw.angle == 0)
    return image;
  return rotateImage(image, draw.angle, options.fillMode, options.fillValue, options.interpolation);
}

AugmentOptions parseAugmentSpec(const std::string &spec) { return SpecParser(spec).parse(); }

std::string formatAugmentSpec(const AugmentOptions &options) {
  if (!options.enabled())
    return "none";
  std::vector<std::string> parts;
  if (options.flipHorizontal || options.flipVertical)
    parts.push_back("flip=" + std::string(nameOf(kFlipModes, FlipAxes{options.flipHorizontal, options.flipVertical})));
  if (options.rotationEnabled()) {
    parts.push_back("rotation=" + shortest(options.rotationLower) + ":" + shortest(options.rotationUpper));
    parts.push_back("fill=" + std::string(nameOf(kFillModes, options.fillMode)));
    parts.push_back("fill_value=" + shortest(options.fillValue));
    parts.push_back("interpolation=" + std::string(nameOf(kInterpolations, options.interpolation)));
  }
  std::string out;
  for (const std::string &part : parts)
    out += (out.empty() ? "" : ",") + part;
  return out;
}

} // namespace xcc::rt
