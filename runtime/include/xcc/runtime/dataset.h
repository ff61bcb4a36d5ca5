//===- dataset.h - image_dataset_from_directory file listing ----*- C++ -*-===//
//
// Lists image files and labels exactly as Keras 3's
// keras.utils.image_dataset_from_directory does before it builds the
// tf.data pipeline (keras/src/utils/image_dataset_utils.py and
// dataset_utils.py: index_directory, get_training_or_validation_split), so a
// given seed yields the same files in the same order with the same
// train/validation split.
//
// Not reproduced: the extra tf.data `shuffle(buffer, seed)` Keras applies to
// the *batched* training stream; that belongs to the data loader.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_DATASET_H
#define XCC_RUNTIME_DATASET_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace xcc::rt {

/// Keras `label_mode`. `None` also covers `labels=None`.
enum class LabelMode { Int, Binary, Categorical, None };

/// Keras `subset`. `All` means no validation_split.
enum class Subset { All, Training, Validation, Both };

/// Keras's ALLOWLIST_FORMATS, matched case-insensitively on the file name.
const std::vector<std::string> &allowedImageExtensions();

struct DatasetOptions {
  /// labels="inferred" (class = sub-folder) when true; labels=None when false,
  /// in which case every image under the directory is listed unlabelled.
  bool inferLabels = true;
  LabelMode labelMode = LabelMode::Int;
  /// Optional explicit class order (must be sub-folder names); empty means
  /// all sub-folders in sorted order.
  std::vector<std::string> classNames;
  bool shuffle = true;
  /// Without a seed one is drawn at random, as Keras does.
  std::optional<uint32_t> seed;
  /// 0 means no split; otherwise in (0, 1) and `subset` must be set.
  double validationSplit = 0.0;
  Subset subset = Subset::All;
  bool followLinks = false;
  /// Receives Keras's progress lines ("Found N files belonging to K
  /// classes.", "Using M files for training."); they are also kept in
  /// DatasetListing::messages.
  std::function<void(const std::string &)> log;
};

/// Paths (directory joined with the relative path, as Keras builds them) and
/// their class indices; `labels` is empty when the mode is LabelMode::None.
struct FileSet {
  std::vector<std::string> paths;
  std::vector<int32_t> labels;
};

struct DatasetListing {
  std::vector<std::string> classNames; // empty when unlabelled
  LabelMode labelMode = LabelMode::Int;
  uint32_t seed = 0; // the seed actually used for shuffling
  std::vector<std::string> messages;
  /// The requested subset; for Subset::Both, the training subset.
  FileSet files;
  /// Only for Subset::Both: the validation subset.
  std::optional<FileSet> validation;
};

/// Lists `directory` per `options`. Throws DatasetError naming the path and
/// the reason (missing or non-directory path, no class folders, no images,
/// inconsistent options) – the cases where Keras raises.
DatasetListing listImageDataset(const std::string &directory,
                                const DatasetOptions &options = {});

/// Fractions of a folder for the three-way split of the Keras guide (TFDS
/// slices train[:40%], train[40%:50%], train[50%:60%]). Each must be > 0 and
/// they must sum to at most 1; what is left over is not used.
struct SplitFractions {
  double train = 0.4;
  double validation = 0.1;
  double test = 0.1;
};

/// "0.4,0.1,0.1" -> {0.4, 0.1, 0.1}. Throws DatasetError naming the spec when
/// it is not three numbers, a fraction is <= 0 or the sum exceeds 1.
SplitFractions parseSplitFractions(const std::string &spec);

/// Where the subsets of n files end: {train, train + validation,
/// train + validation + test}, each round(cumulative fraction * n) with ties to
/// even. For TFDS's 23,262 cats_vs_dogs images and 0.4,0.1,0.1: 9305, 11631,
/// 13957 (9305 / 2326 / 2326 images).
std::array<size_t, 3> splitBoundaries(const SplitFractions &fractions,
                                      size_t n);

/// The three subsets of one folder, disjoint, each non-empty.
struct SplitListing {
  std::vector<std::string> classNames;
  LabelMode labelMode = LabelMode::Int;
  uint32_t seed = 0;
  std::vector<std::string> messages;
  FileSet train, validation, test;
};

/// The deterministic three-way split: the folder is listed as
/// listImageDataset does (class folders sorted, files sorted within each),
/// shuffled with numpy's RandomState(seed) as Keras shuffles, and cut at
/// round(train*n), round((train+validation)*n) and
/// round((train+validation+test)*n), ties to even as TFDS's percent slices
/// round (Python's round). `options` must set a seed and leave
/// validationSplit at 0; shuffle must stay on. Throws DatasetError when a
/// subset would be empty or the fractions are invalid.
SplitListing listImageDatasetSplit(const std::string &directory,
                                   const SplitFractions &fractions,
                                   DatasetOptions options);

/// The label tensor Keras yields for one sample: Int -> {index},
/// Binary -> {0.f or 1.f}, Categorical -> one-hot of numClasses.
std::vector<float> encodeLabel(int32_t label, LabelMode mode,
                               size_t numClasses);

} // namespace xcc::rt

#endif // XCC_RUNTIME_DATASET_H
