//===- dataset.cpp - image_dataset_from_directory listing -----------------===//

#include "xcc/runtime/dataset.h"

#include "directory_index.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/numpy_random.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <random>

namespace xcc::rt {
namespace {

// Keras's check_validation_split_arg plus the labels/class_names checks of
// image_dataset_from_directory, in the same order.
void validateOptions(const DatasetOptions &o) {
  if (!o.inferLabels && !o.classNames.empty())
    throw DatasetError("class names can only be given when labels are "
                       "inferred from sub-folders");
  const double split = o.validationSplit;
  if (split != 0.0 && !(split > 0.0 && split < 1.0))
    throw DatasetError(
        fmt::format("validation_split must be between 0 and 1, got {}", split));
  if ((split != 0.0) != (o.subset != Subset::All))
    throw DatasetError("if subset is set, validation_split must be set, and "
                       "inversely");
  if (split != 0.0 && o.shuffle && !o.seed)
    throw DatasetError("when using validation_split with shuffling, a seed "
                       "must be given so training and validation subsets do "
                       "not overlap");
}

uint32_t drawSeed() {
  // Keras: np.random.randint(1e6).
  std::random_device device;
  return std::uniform_int_distribution<uint32_t>(0, 999999)(device);
}

struct Logger {
  const DatasetOptions &options;
  std::vector<std::string> &messages;
  void operator()(std::string line) const {
    if (options.log)
      options.log(line);
    messages.push_back(std::move(line));
  }
};

std::vector<std::string> chooseClasses(const std::string &directory,
                                       const DatasetOptions &o) {
  std::vector<std::string> found = detail::listClassFolders(directory);
  if (o.classNames.empty())
    return found;
  for (const std::string &name : o.classNames)
    if (!std::binary_search(found.begin(), found.end(), name))
      throw DatasetError(fmt::format(
          "class name '{}' is not a sub-folder of '{}' (found: {})", name,
          directory, fmt::join(found, ", ")));
  return o.classNames; // caller's order, as Keras keeps it
}

void indexLabelled(const std::string &directory, const DatasetOptions &o,
                   DatasetListing &out, std::vector<std::string> &special) {
  out.classNames = chooseClasses(directory, o);
  if (out.classNames.empty())
    throw DatasetError(fmt::format(
        "image dataset directory '{}' contains no class sub-folders (labels "
        "are inferred from one sub-folder per class)",
        directory));
  for (size_t k = 0; k < out.classNames.size(); ++k) {
    const std::string &cls = out.classNames[k];
    const std::string classDir = detail::joinPath(directory, cls);
    std::vector<std::string> inClass;
    for (const std::string &rel : detail::walkImageFiles(classDir, o.followLinks, inClass)) {
      out.files.paths.push_back(
          detail::joinPath(directory, detail::joinPath(cls, rel)));
      out.files.labels.push_back(static_cast<int32_t>(k));
    }
    for (const std::string &rel : inClass)
      special.push_back(detail::joinPath(classDir, rel));
  }
}

void indexUnlabelled(const std::string &directory, const DatasetOptions &o,
                     DatasetListing &out, std::vector<std::string> &special) {
  std::vector<std::string> inTop;
  for (const std::string &rel : detail::walkImageFiles(directory, o.followLinks, inTop))
    out.files.paths.push_back(detail::joinPath(directory, rel));
  for (const std::string &rel : inTop)
    special.push_back(detail::joinPath(directory, rel));
}

// Keras shuffles paths and labels with two fresh RandomState(seed); equal
// lengths mean identical draws, i.e. one permutation applied to both.
void shuffleFiles(FileSet &files, uint32_t seed) {
  const std::vector<size_t> perm =
      numpyShufflePermutation(files.paths.size(), seed);
  FileSet shuffled;
  for (size_t src : perm) {
    shuffled.paths.push_back(std::move(files.paths[src]));
    if (!files.labels.empty())
      shuffled.labels.push_back(files.labels[src]);
  }
  files = std::move(shuffled);
}

FileSet sliceFiles(const FileSet &files, size_t begin, size_t end) {
  FileSet out;
  out.paths.assign(files.paths.begin() + begin, files.paths.begin() + end);
  if (!files.labels.empty())
    out.labels.assign(files.labels.begin() + begin,
                      files.labels.begin() + end);
  return out;
}

// get_training_or_validation_split: the last int(split * n) files validate.
// Keras slices with samples[:-k]; for k == 0 that silently yields no
// training files and *all* files as "validation", so we refuse instead.
FileSet takeSubset(const FileSet &all, double split, Subset which,
                   const std::string &directory, const Logger &log) {
  const size_t n = all.paths.size();
  const size_t numVal = static_cast<size_t>(split * static_cast<double>(n));
  if (numVal == 0)
    throw DatasetError(fmt::format(
        "validation_split={} of the {} files in '{}' leaves no validation "
        "files",
        split, n, directory));
  if (which == Subset::Training) {
    log(fmt::format("Using {} files for training.", n - numVal));
    if (numVal == n)
      throw DatasetError(fmt::format(
          "no training images left in '{}' after validation_split={}",
          directory, split));
    return sliceFiles(all, 0, n - numVal);
  }
  log(fmt::format("Using {} files for validation.", numVal));
  return sliceFiles(all, n - numVal, n);
}

void applySplit(DatasetListing &out, const DatasetOptions &o,
                const std::string &directory, const Logger &log) {
  if (o.subset == Subset::All)
    return;
  const FileSet all = std::move(out.files);
  if (o.subset == Subset::Both) {
    out.files = takeSubset(all, o.validationSplit, Subset::Training,
                           directory, log);
    out.validation = takeSubset(all, o.validationSplit, Subset::Validation,
                                directory, log);
    return;
  }
  out.files = takeSubset(all, o.validationSplit, o.subset, directory, log);
}

} // namespace

DatasetListing listImageDataset(const std::string &directory,
                                const DatasetOptions &options) {
  validateOptions(options);
  detail::requireDirectory(directory);
  DatasetListing out;
  const Logger log{options, out.messages};
  // Keras: labels=None or label_mode=None both mean "no labels at all".
  const bool labelled =
      options.inferLabels && options.labelMode != LabelMode::None;
  out.labelMode = labelled ? options.labelMode : LabelMode::None;
  out.seed = options.seed ? *options.seed : drawSeed();

  std::vector<std::string> special;
  if (labelled) {
    indexLabelled(directory, options, out, special);
    log(fmt::format("Found {} files belonging to {} classes.",
                    out.files.paths.size(), out.classNames.size()));
  } else {
    indexUnlabelled(directory, options, out, special);
    log(fmt::format("Found {} files.", out.files.paths.size()));
  }
  if (!special.empty())
    log(fmt::format("Left out {} file{} that {} not regular (FIFO, device, socket or broken link), unopened: {}{}",
                    special.size(), special.size() == 1 ? "" : "s", special.size() == 1 ? "is" : "are",
                    special.front(), special.size() > 1 ? ", ..." : ""));
  if (out.files.paths.empty())
    throw DatasetError(fmt::format(
        "no images found in '{}' (allowed extensions: {})", directory,
        fmt::join(allowedImageExtensions(), " ")));
  if (options.shuffle)
    shuffleFiles(out.files, out.seed);
  if (out.labelMode == LabelMode::Binary && out.classNames.size() != 2)
    throw DatasetError(fmt::format(
        "label_mode=binary needs exactly 2 classes, '{}' has {}: {}",
        directory, out.classNames.size(), fmt::join(out.classNames, ", ")));
  applySplit(out, options, directory, log);
  return out;
}

std::vector<float> encodeLabel(int32_t label, LabelMode mode,
                               size_t numClasses) {
  switch (mode) {
  case LabelMode::Int:
  case LabelMode::Binary:
    return {static_cast<float>(label)};
  case LabelMode::Categorical: {
    if (label < 0 || static_cast<size_t>(label) >= numClasses)
      throw DatasetError(fmt::format("label {} out of range for {} classes",
                                     label, numClasses));
    std::vector<float> oneHot(numClasses, 0.0f);
    oneHot[static_cast<size_t>(label)] = 1.0f;
    return oneHot;
  }
  case LabelMode::None:
    break;
  }
  return {};
}

} // namespace xcc::rt
