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

/// The label tensor Keras yields for one sample: Int -> {index},
/// Binary -> {0.f or 1.f}, Categorical -> one-hot of numClasses.
std::vector<float> encodeLabel(int32_t label, LabelMode mode,
                               size_t numClasses);

} // namespace xcc::rt

#endif // XCC_RUNTIME_DATASET_H
