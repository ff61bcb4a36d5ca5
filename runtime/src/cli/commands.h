// The model CLI's commands and what they share: argument handling and batched prediction over image files.
#ifndef XCC_RUNTIME_CLI_COMMANDS_H
#define XCC_RUNTIME_CLI_COMMANDS_H

#include "args.h"
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/loader.h"
#include "xcc/runtime/model.h"

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <vector>

namespace xcc::rt {
class Collectives;
}

namespace xcc::rt::cli {

/// The data-parallel job this process is a rank of: MPI's when a launcher (mpirun, srun) started it or `asked`
/// (fit --distributed); null otherwise. UsageError when MPI is wanted but this build has none.
std::unique_ptr<Collectives> joinJob(bool asked);

int64_t parseBatchSize(const std::optional<std::string> &value);
/// `--max-image-pixels N`: the decoders' pixel limit for this run (image.h), when given.
void takeMaxImagePixels(Args &args);
/// --FLAG's value as a finite number (`fallback` when absent); UsageError otherwise.
double parseNumber(const std::optional<std::string> &value, const std::string &flag, double fallback);
/// --FLAG's value as an integer >= minimum (`fallback` when absent); UsageError otherwise.
int64_t parseCount(const std::optional<std::string> &value, const std::string &flag, int64_t fallback,
                   int64_t minimum);

/// The first `most` of `names`, comma-separated: enough to recognize, short enough to read.
std::string someOf(const std::vector<std::string> &names, size_t most = 3);

/// The model state predict, evaluate and info start from.
struct ModelState {
  std::string weightsPath;             ///< --weights FILE, "" when not given
  bool fromCheckpoint = false;         ///< --checkpoint CKPT was loaded
  std::vector<std::string> classNames; ///< what the checkpoint's fit trained on (empty: not recorded)
};
/// `--weights FILE` (the pretrained file the artifact was compiled with: first values of the parameters that
/// come from it) and `--checkpoint CKPT` (trained values, copied by parameter name). Without a checkpoint, warns
/// on `err` when the model's outputs come from untrained values, the usual slip with a freshly compiled head.
ModelState loadModelState(Model &model, Args &args, std::ostream &out, std::ostream &err);

/// `--split TRAIN,VALIDATION,TEST` (the guide's 40/10/10 is 0.4,0.1,0.1), seeded by `--seed S` (1337, fit's
/// default), and for evaluate/predict `--subset train|validation|test`: which files of --data DIR to use
/// (listImageDatasetSplit). --subset and --seed without --split are usage errors.
struct SplitRequest {
  SplitFractions fractions;
  uint32_t seed = 1337;
  std::string subset; ///< "train", "validation" or "test"; empty where the command takes no subset (fit)
};
std::optional<SplitRequest> takeSplit(Args &args, const char *defaultSubset);

/// The options evaluate and predict share (kPick and kStart in help.cpp), read after each command's own:
/// --batch-size, --max-image-pixels, --data, the split (its subset defaulting to the guide's test slice), the
/// model state, and the positional words left.
struct PickedImages {
  int64_t batchSize = 32;
  std::optional<std::string> data;
  std::optional<SplitRequest> split;
  ModelState state;
  std::vector<std::string> positionals;
};
PickedImages takePickedImages(Model &model, Args &args, std::ostream &out, std::ostream &err);

/// What evaluate and predict run on: every image of `dir` (unshuffled), or the requested subset of its split.
struct ListedFiles {
  FileSet files;
  std::vector<std::string> classNames;
};
ListedFiles listFiles(const std::string &dir, const std::optional<SplitRequest> &split, LabelMode mode,
                      std::ostream &out);

/// Refuses (DatasetError) class folders that cannot be this model's classes: fewer than 2, or another number
/// than its outputs (2 for one binary logit), naming what was found; warns on `err` when they look like a
/// parent of split folders (train/, validation/, test/), a common slip that otherwise trains on the splits.
void checkClassFolders(const Model &model, const std::vector<std::string> &classNames, const std::string &dir,
                       std::ostream &err);

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


int predictCommand(Model &model, Args args, std::ostream &out, std::ostream &err);
int fitCommand(Model &model, Args args, std::ostream &out, std::ostream &err);
int evaluateCommand(Model &model, Args args, std::ostream &out, std::ostream &err);
int infoCommand(Model &model, Args args, std::ostream &out, std::ostream &err);

} // namespace xcc::rt::cli

#endif // XCC_RUNTIME_CLI_COMMANDS_H
