//===- dataset_split.cpp - the guide's train/validation/test split --------===//
//
// The Keras guide takes TFDS's cats_vs_dogs slices train[:40%],
// train[40%:50%] and train[50%:60%]. A folder has no TFDS order, so the order
// is the one listImageDataset gives (sorted), shuffled with the seed the way
// Keras shuffles (numpy's RandomState), and the cuts are TFDS's: cumulative
// boundaries rounded to the closest file.
//
//===----------------------------------------------------------------------===//

#include "xcc/runtime/dataset.h"

#include "xcc/runtime/error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace xcc::rt {
namespace {

std::string describe(const SplitFractions &f) {
  return fmt::format("{},{},{}", f.train, f.validation, f.test);
}

void validate(const SplitFractions &f) {
  for (double v : {f.train, f.validation, f.test})
    if (!(v > 0.0) || !std::isfinite(v))
      throw DatasetError(fmt::format(
          "split {}: every fraction (train,validation,test) must be > 0",
          describe(f)));
  // A little slack so that 0.7,0.2,0.1 (0.9999999999999999 or
  // 1.0000000000000002 in binary) is accepted.
  if (f.train + f.validation + f.test > 1.0 + 1e-9)
    throw DatasetError(fmt::format(
        "split {}: the fractions sum to {:g}, more than 1 (the subsets would "
        "overlap)",
        describe(f), f.train + f.validation + f.test));
}

// TFDS's _pct_to_abs_closest: int(round(pct * n / 100)), Python's round, so
// ties go to even. Rounding the product to 1e-9 first makes 0.3 * 5 the tie
// 1.5 it is in decimal, not 1.4999999999999998.
size_t boundary(double cumulative, size_t n) {
  double x = cumulative * static_cast<double>(n);
  x = std::round(x * 1e9) / 1e9;
  double r = std::nearbyint(x); // default rounding mode: ties to even
  return std::min(n, static_cast<size_t>(std::max(0.0, r)));
}

std::array<size_t, 3> boundaries(const SplitFractions &f, size_t n) {
  return {boundary(f.train, n), boundary(f.train + f.validation, n),
          boundary(f.train + f.validation + f.test, n)};
}

FileSet slice(const FileSet &files, size_t begin, size_t end) {
  FileSet out;
  out.paths.assign(files.paths.begin() + long(begin),
                   files.paths.begin() + long(end));
  if (!files.labels.empty())
    out.labels.assign(files.labels.begin() + long(begin),
                      files.labels.begin() + long(end));
  return out;
}

double parseFraction(const std::string &item, const std::string &spec) {
  try {
    size_t used = 0;
    double v = std::stod(item, &used);
    if (used == item.size())
      return v;
  } catch (const std::exception &) {
  }
  throw DatasetError(fmt::format("split '{}': '{}' is not a number (want "
                                 "TRAIN,VALIDATION,TEST fractions, e.g. "
                                 "0.4,0.1,0.1)",
                                 spec, item));
}

} // namespace

SplitFractions parseSplitFractions(const std::string &spec) {
  std::vector<double> values;
  size_t start = 0;
  for (;;) {
    size_t comma = spec.find(',', start);
    values.push_back(parseFraction(spec.substr(start, comma - start), spec));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  if (values.size() != 3)
    throw DatasetError(fmt::format(
        "split '{}' has {} value(s); want three fractions TRAIN,VALIDATION,"
        "TEST, e.g. 0.4,0.1,0.1",
        spec, values.size()));
  SplitFractions f{values[0], values[1], values[2]};
  validate(f);
  return f;
}

std::array<size_t, 3> splitBoundaries(const SplitFractions &f, size_t n) {
  validate(f);
  return boundaries(f, n);
}

SplitListing listImageDatasetSplit(const std::string &directory,
                                   const SplitFractions &fractions,
                                   DatasetOptions options) {
  validate(fractions);
  if (!options.seed || !options.shuffle || options.validationSplit != 0.0)
    throw DatasetError("a train/validation/test split needs a seed and "
                       "shuffling, and no validation_split");
  DatasetListing all = listImageDataset(directory, options);
  const size_t n = all.files.paths.size();
  const auto [b1, b2, b3] = boundaries(fractions, n); // validated above
  const char *empty = b1 == 0        ? "training"
                      : b2 == b1     ? "validation"
                      : b3 == b2     ? "test"
                                     : nullptr;
  if (empty)
    throw DatasetError(fmt::format(
        "split {} of the {} files in '{}' leaves no {} files; add images or "
        "raise that fraction",
        describe(fractions), n, directory, empty));

  SplitListing out;
  out.classNames = std::move(all.classNames);
  out.labelMode = all.labelMode;
  out.seed = all.seed;
  out.messages = std::move(all.messages);
  out.train = slice(all.files, 0, b1);
  out.validation = slice(all.files, b1, b2);
  out.test = slice(all.files, b2, b3);
  std::string line = fmt::format(
      "Using {} files for training, {} for validation, {} for test (split "
      "{}, seed {}).",
      b1, b2 - b1, b3 - b2, describe(fractions), out.seed);
  if (b3 < n)
    line += fmt::format(" {} files are in no subset.", n - b3);
  if (options.log)
    options.log(line);
  out.messages.push_back(std::move(line));
  return out;
}

} // namespace xcc::rt
