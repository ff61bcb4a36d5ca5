#include "commands.h"

#include <cctype>
#include <cmath>
#include <set>

#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/fit.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/model_weights.h"

namespace xcc::rt::cli {

int64_t parseBatchSize(const std::optional<std::string> &value) {
  if (!value)
    return 32; // image_dataset_from_directory's default
  try {
    size_t used = 0;
    long long n = std::stoll(*value, &used);
    if (used == value->size() && n > 0)
      return n;
  } catch (const std::exception &) {
  }
  throw UsageError("--batch-size must be a positive integer, got '" + *value + "'");
}

void takeMaxImagePixels(Args &args) {
  if (auto value = args.option("max-image-pixels"))
    setMaxImagePixels(uint64_t(parseCount(value, "max-image-pixels", 0, 1)));
}

double parseNumber(const std::optional<std::string> &value, const std::string &flag, double fallback) {
  if (!value)
    return fallback;
  try {
    size_t used = 0;
    double v = std::stod(*value, &used);
    if (used == value->size() && std::isfinite(v))
      return v;
  } catch (const std::exception &) {
  }
  throw UsageError("--" + flag + " must be a number, got '" + *value + "'");
}

int64_t parseCount(const std::optional<std::string> &value, const std::string &flag, int64_t fallback,
                   int64_t minimum) {
  double v = parseNumber(value, flag, double(fallback));
  if (v != std::floor(v) || v < double(minimum))
    throw UsageError("--" + flag + " must be an integer >= " + std::to_string(minimum) + ", got '" + *value + "'");
  return int64_t(v);
}

std::optional<SplitRequest> takeSplit(Args &args, const char *defaultSubset) {
  std::optional<std::string> spec = args.option("split");
  std::optional<std::string> subset = defaultSubset ? args.option("subset") : std::nullopt;
  std::optional<std::string> seed = defaultSubset ? args.option("seed") : std::nullopt;
  if (!spec) {
    if (subset || seed)
      throw UsageError(std::string("--") + (subset ? "subset" : "seed") +
                       " picks from a split: add --split TRAIN,VALIDATION,TEST (e.g. 0.4,0.1,0.1)");
    return std::nullopt;
  }
  SplitRequest r;
  try {
    r.fractions = parseSplitFractions(*spec);
  } catch (const DatasetError &e) {
    throw UsageError(std::string("--") + e.what());
  }
  if (seed) {
    int64_t v = parseCount(seed, "seed", 1337, 0);
    if (v > 0xffffffffll)
      throw UsageError("--seed must be an integer in [0, 4294967295], got '" + *seed + "'");
    r.seed = uint32_t(v);
  }
  if (defaultSubset) {
    r.subset = subset.value_or(defaultSubset);
    if (r.subset != "train" && r.subset != "validation" && r.subset != "test")
      throw UsageError("--subset must be train, validation or test, got '" + r.subset + "'");
  }
  return r;
}

ListedFiles listFiles(const std::string &dir, const std::optional<SplitRequest> &split, LabelMode mode,
                      std::ostream &out) {
  DatasetOptions options;
  options.labelMode = mode;
  options.log = [&](const std::string &line) { out << line << "\n"; };
  if (!split) {
    options.shuffle = false; // order does not change loss or accuracy; listing order keeps reports reproducible
    DatasetListing l = listImageDataset(dir, options);
    return {std::move(l.files), std::move(l.classNames)};
  }
  options.seed = split->seed;
  SplitListing l = listImageDatasetSplit(dir, split->fractions, options);
  FileSet &chosen = split->subset == "train" ? l.train : split->subset == "validation" ? l.validation : l.test;
  out << "Using the " << split->subset << " subset (" << chosen.paths.size() << " files).\n";
  return {std::move(chosen), std::move(l.classNames)};
}

std::string someOf(const std::vector<std::string> &names, size_t most) {
  std::string s;
  for (size_t i = 0; i < names.size() && i < most; ++i)
    s += (i ? ", " : "") + names[i];
  return names.size() > most ? s + ", ... (" + std::to_string(names.size()) + ")" : s;
}

ModelState loadModelState(Model &model, Args &args, std::ostream &out, std::ostream &err) {
  ModelState state;
  std::optional<std::string> weights = args.option("weights"), checkpoint = args.option("checkpoint");
  if (weights) {
    loadInitialWeights(model, *weights);
    state.weightsPath = *weights;
  }
  if (checkpoint) {
    Checkpoint c = readCheckpoint(*checkpoint);
    size_t copied = startFromCheckpoint(model, c, *checkpoint);
    out << "Loaded " << copied << " of " << model.manifest().parameters.size() << " trainable parameters from '"
        << *checkpoint << "'\n";
    state.fromCheckpoint = true;
    state.classNames = checkpointClassNames(c);
    return state;
  }
  std::vector<std::string> untrained;
  for (const ParameterSpec &p : model.manifest().parameters)
    if (p.init != "weights" && (untrained.empty() || untrained.back() != p.layer))
      untrained.push_back(p.layer);
  if (!untrained.empty())
    err << "WARNING: no --checkpoint: the trainable layers (" << someOf(untrained)
        << ") hold their initial random values, so these are an untrained model's outputs. Pass the checkpoint "
           "that fit wrote (--checkpoint OUTPUT/checkpoint.xcc).\n";
  return state;
}

PickedImages takePickedImages(Model &model, Args &args, std::ostream &out, std::ostream &err) {
  PickedImages p;
  p.batchSize = parseBatchSize(args.option("batch-size"));
  takeMaxImagePixels(args);
  p.data = args.option("data");
  p.split = takeSplit(args, "test"); // the guide evaluates on the held-out test slice
  p.state = loadModelState(model, args, out, err);
  p.positionals = args.positionals();
  return p;
}

void checkClassFolders(const Model &model, const std::vector<std::string> &classNames, const std::string &dir,
                       std::ostream &err) {
  const bool binary = model.outputsPerSample() == 1;
  const size_t wanted = binary ? 2 : size_t(model.outputsPerSample());
  const std::string found = std::to_string(classNames.size()) + " class folder" +
                            (classNames.size() == 1 ? "" : "s") +
                            (classNames.empty() ? std::string() : " (" + someOf(classNames) + ")");
  static const std::set<std::string> kSplitNames = {"train", "training", "val", "valid", "validation",
                                                    "test",  "testing",  "eval", "evaluation"};
  size_t splitLike = 0;
  for (const std::string &name : classNames) {
    std::string lower;
    for (char ch : name)
      lower += char(std::tolower(static_cast<unsigned char>(ch)));
    splitLike += kSplitNames.count(lower);
  }
  if (splitLike >= 2)
    err << "WARNING: the class folders of '" << dir << "' (" << someOf(classNames)
        << ") look like split folders, not classes: point --data at one of them, e.g. '" << dir << "/"
        << classNames.front() << "'\n";
  if (classNames.size() < 2)
    throw DatasetError("'" + dir + "' has " + found + "; a classifier needs at least 2, one sub-folder per class");
  if (classNames.size() != wanted)
    throw DatasetError("'" + dir + "' has " + found + ", but this model " +
                       (binary ? std::string("has one output (a binary classifier), which needs exactly 2")
                               : "has " + std::to_string(wanted) + " outputs, one per class"));
}

} // namespace xcc::rt::cli
