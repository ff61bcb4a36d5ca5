// The model CLI's commands and what they share: argument handling and batched prediction over image files.
#ifndef XCC_RUNTIME_CLI_COMMANDS_H
#define XCC_RUNTIME_CLI_COMMANDS_H

#include "xcc/runtime/dataset.h"
#include "xcc/runtime/loader.h"
#include "xcc/runtime/model.h"

#include <functional>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <vector>

namespace xcc::rt::cli {

/// A bad command line; runModelCli prints it with the usage and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Removes `--name VALUE` or `--name=VALUE` from `args` and returns VALUE, if present.
std::optional<std::string> takeOption(std::vector<std::string> &args, const std::string &name);
/// Throws UsageError if anything starting with "--" is left.
void rejectUnknownOptions(const std::vector<std::string> &args);
int64_t parseBatchSize(const std::optional<std::string> &value);
/// --FLAG's value as a finite number (`fallback` when absent); UsageError otherwise.
double parseNumber(const std::optional<std::string> &value, const std::string &flag, double fallback);
/// --FLAG's value as an integer >= minimum (`fallback` when absent); UsageError otherwise.
int64_t parseCount(const std::optional<std::string> &value, const std::string &flag, int64_t fallback,
                   int64_t minimum);

/// `--weights FILE` (the pretrained file the artifact was compiled with: first values of the parameters that
/// come from it) and `--checkpoint CKPT` (trained values, copied by parameter name): the model state predict,
/// evaluate and fit start from. Returns the --weights path ("" when not given).
std::string loadModelState(Model &model, std::vector<std::string> &args, std::ostream &out);

/// `--split TRAIN,VALIDATION,TEST` (the guide's 40/10/10 is 0.4,0.1,0.1), seeded by `--seed S` (1337, fit's
/// default), and for evaluate/predict `--subset train|validation|test`: which files of --data DIR to use
/// (listImageDatasetSplit). --subset and --seed without --split are usage errors.
struct SplitRequest {
  SplitFractions fractions;
  uint32_t seed = 1337;
  std::string subset; ///< "train", "validation" or "test"; empty where the command takes no subset (fit)
};
std::optional<SplitRequest> takeSplit(std::vector<std::string> &args, const char *defaultSubset);

/// What evaluate and predict run on: every image of `dir` (unshuffled), or the requested subset of its split.
struct ListedFiles {
  FileSet files;
  std::vector<std::string> classNames;
};
ListedFiles listFiles(const std::string &dir, const std::optional<SplitRequest> &split, LabelMode mode,
                      std::ostream &out);

struct PredictionRun {
  std::vector<SkippedFile> skipped; ///< files that could not be read or decoded
  int64_t steps = 0;                 ///< batches run
  double seconds = 0;                ///< wall time, decoding included
};

/// Decodes `paths` in batches, resizes each image to the model's input (Keras bilinear, no crop), runs the
/// model and calls onResult(index into paths, logits) per decoded image. Undecodable files are skipped and
/// listed, not fatal: one bad file in a large folder should not lose the whole run.
PredictionRun predictFiles(const Model &model, const std::vector<std::string> &paths, int64_t batchSize,
                           const std::function<void(size_t, const float *)> &onResult);


int predictCommand(const Model &model, std::vector<std::string> args, std::ostream &out, std::ostream &err);
int fitCommand(Model &model, std::vector<std::string> args, std::ostream &out, std::ostream &err);
int evaluateCommand(const Model &model, std::vector<std::string> args, std::ostream &out, std::ostream &err);

} // namespace xcc::rt::cli

#endif // XCC_RUNTIME_CLI_COMMANDS_H
