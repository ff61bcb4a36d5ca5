//===- augment_spec.cpp - the augmentation spec of the command line -------===//
//
// parseAugmentSpec and formatAugmentSpec read and write the same tables, so
// every name the parser accepts is the one the formatter writes.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/augment.h"
#include "xcc/runtime/error.h"

#include <charconv>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace xcc::rt {
namespace {

// One table per enumerated key, used both ways.
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
