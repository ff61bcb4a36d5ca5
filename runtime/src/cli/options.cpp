#include "commands.h"

#include <cmath>

#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/model_weights.h"

namespace xcc::rt::cli {

std::optional<std::string> takeOption(std::vector<std::string> &args, const std::string &name) {
  const std::string flag = "--" + name;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == flag) {
      if (i + 1 == args.size())
        throw UsageError(flag + " needs a value");
      std::string value = args[i + 1];
      args.erase(args.begin() + i, args.begin() + i + 2);
      return value;
    }
    if (args[i].rfind(flag + "=", 0) == 0) {
      std::string value = args[i].substr(flag.size() + 1);
      args.erase(args.begin() + i);
      return value;
    }
  }
  return std::nullopt;
}

void rejectUnknownOptions(const std::vector<std::string> &args) {
  for (const std::string &a : args)
    if (a.rfind("--", 0) == 0)
      throw UsageError("unknown option '" + a + "'");
}

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

std::optional<SplitRequest> takeSplit(std::vector<std::string> &args, const char *defaultSubset) {
  std::optional<std::string> spec = takeOption(args, "split");
  std::optional<std::string> subset = defaultSubset ? takeOption(args, "subset") : std::nullopt;
  std::optional<std::string> seed = defaultSubset ? takeOption(args, "seed") : std::nullopt;
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

std::string loadModelState(Model &model, std::vector<std::string> &args, std::ostream &out) {
  std::optional<std::string> weights = takeOption(args, "weights"), checkpoint = takeOption(args, "checkpoint");
  if (weights)
    loadInitialWeights(model, *weights);
  if (checkpoint) {
    size_t copied = startFromCheckpoint(model, readCheckpoint(*checkpoint), *checkpoint);
    out << "Loaded " << copied << " of " << model.manifest().parameters.size() << " trainable parameters from '"
        << *checkpoint << "'\n";
  }
  return weights.value_or("");
}

} // namespace xcc::rt::cli
