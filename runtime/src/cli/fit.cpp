// `fit --data DIR ...`: Keras's model.fit on image_dataset_from_directory(DIR), with validation, augmentation,
// callbacks, checkpoints that survive a killed run, and the history as CSV, JSON and a plot.
#include "commands.h"

#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/callbacks.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/collectives.h"
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/fit.h"
#include "xcc/runtime/model_weights.h"
#include "xcc/runtime/progress.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <sstream>

namespace xcc::rt::cli {
namespace {

/// "0:1.0,1:2.5" -> {0: 1.0, 1: 2.5} (Keras's class_weight dict).
std::map<int32_t, double> parseClassWeight(const std::optional<std::string> &value) {
  std::map<int32_t, double> weights;
  if (!value)
    return weights;
  size_t start = 0;
  while (start <= value->size()) {
    size_t end = value->find(',', start);
    std::string item = value->substr(start, end == std::string::npos ? std::string::npos : end - start);
    size_t colon = item.find(':');
    if (colon == std::string::npos)
      throw UsageError("--class-weight wants CLASS:WEIGHT,..., got '" + item + "'");
    int32_t cls = int32_t(parseCount(item.substr(0, colon), "class-weight", 0, 0));
    weights[cls] = parseNumber(item.substr(colon + 1), "class-weight", 1);
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return weights;
}

/// With its parents, as `mkdir -p`: `--output runs/phase1` should not need `runs/` first.
void makeFolder(const std::string &path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    throw RuntimeError("cannot create output folder '" + path + "': " + ec.message());
}

LabeledFiles labeled(const FileSet &files) { return {files.paths, files.labels}; }

struct Data {
  LabeledFiles train;
  std::optional<LabeledFiles> validation;
  std::vector<std::string> classNames;
};

/// Lists the training folder (and the validation folder or split) as image_dataset_from_directory does, or with
/// --split the train and validation subsets of the guide's three-way split (the test subset is left for evaluate).
Data listData(const Model &model, const std::string &dir, const std::optional<std::string> &valDir, double split,
              const std::optional<SplitRequest> &split3, uint32_t seed, std::ostream &out, std::ostream &err) {
  Data data;
  DatasetOptions options;
  // Listed as Int (the same class indices as Binary) so that a wrong number of class folders gets the messages
  // below, which say what a classifier needs, rather than Keras's label_mode wording.
  options.labelMode = LabelMode::Int;
  options.seed = seed;
  options.log = [&](const std::string &line) { out << line << "\n"; };
  auto checkClasses = [&](const auto &l, const std::string &where) {
    checkClassFolders(model, l.classNames, where, err);
    if (!data.classNames.empty() && l.classNames != data.classNames)
      throw DatasetError("'" + where + "' has other class folders than the training data: " +
                         std::to_string(l.classNames.size()) + " against " + std::to_string(data.classNames.size()));
    data.classNames = l.classNames;
  };
  if (split3) {
    SplitListing l = listImageDatasetSplit(dir, split3->fractions, options);
    checkClasses(l, dir);
    data.train = labeled(l.train);
    data.validation = labeled(l.validation);
  } else if (split > 0) {
    options.validationSplit = split;
    options.subset = Subset::Both;
    DatasetListing l = listImageDataset(dir, options);
    checkClasses(l, dir);
    data.train = labeled(l.files);
    data.validation = labeled(*l.validation);
  } else {
    DatasetListing l = listImageDataset(dir, options);
    checkClasses(l, dir);
    data.train = labeled(l.files);
  }
  if (valDir) {
    DatasetOptions v = options;
    v.validationSplit = 0;
    v.subset = Subset::All;
    v.shuffle = false;
    DatasetListing l = listImageDataset(*valDir, v);
    checkClasses(l, *valDir);
    data.validation = labeled(l.files);
  }
  return data;
}

/// `writes`: this process writes the run's files (not a data-parallel job's rank other than 0).
std::vector<std::shared_ptr<Callback>> callbacksFrom(Args &args, const std::string &output, bool hasValidation,
                                                     bool writes) {
  std::vector<std::shared_ptr<Callback>> callbacks;
  callbacks.push_back(std::make_shared<TerminateOnNaN>());
  if (writes)
    callbacks.push_back(std::make_shared<CsvLogger>(output + "/history.csv"));
  const std::string defaultMonitor = hasValidation ? "val_loss" : "loss";
  std::string monitor = args.option("monitor").value_or(defaultMonitor);
  if (auto patience = args.option("early-stopping-patience")) {
    EarlyStopping::Options o;
    o.monitor = monitor;
    o.patience = int(parseCount(patience, "early-stopping-patience", 0, 0));
    o.restoreBestWeights = args.flag("restore-best-weights");
    callbacks.push_back(std::make_shared<EarlyStopping>(o));
  } else if (args.flag("restore-best-weights")) {
    throw UsageError("--restore-best-weights belongs to early stopping: add --early-stopping-patience N");
  }
  if (auto patience = args.option("reduce-lr-patience")) {
    ReduceLROnPlateau::Options o;
    o.monitor = monitor;
    o.patience = int(parseCount(patience, "reduce-lr-patience", 0, 0));
    o.factor = parseNumber(args.option("reduce-lr-factor"), "reduce-lr-factor", 0.1);
    o.minLr = parseNumber(args.option("min-learning-rate"), "min-learning-rate", 0);
    callbacks.push_back(std::make_shared<ReduceLROnPlateau>(o));
  }
  if (args.flag("save-best-only") && writes) {
    ModelCheckpoint::Options o;
    o.filepath = output + "/best.xcc";
    o.monitor = monitor;
    o.saveBestOnly = true;
    callbacks.push_back(std::make_shared<ModelCheckpoint>(o));
  }
  return callbacks;
}

/// The options that change a run's result, as given: a resume with other values is refused (FitOptions::resumeKey).
/// Not among them: --epochs (a resume may extend a run), the caches and threads (same numbers either way), and
/// the data folders, whose files fit compares itself.
std::vector<std::pair<std::string, std::string>> resumeKey(const Args &args, const FitOptions &o) {
  std::vector<std::pair<std::string, std::string>> key = {{"--batch-size", std::to_string(o.batchSize)},
                                                         {"--seed", std::to_string(o.seed)}};
  for (const char *name : {"accumulate-steps", "no-shuffle", "augment", "augment-policy", "class-weight",
                           "crop-to-aspect-ratio", "learning-rate", "monitor", "early-stopping-patience",
                           "restore-best-weights", "reduce-lr-patience", "reduce-lr-factor", "min-learning-rate"})
    key.emplace_back(std::string("--") + name, args.given(name));
  return key;
}

/// Ctrl-C and SIGTERM ask fit to stop at the next step boundary (FitOptions::stopRequest); a second one ends the
/// process at once, as users expect of a second Ctrl-C.
std::atomic<int> gStopRequest{0};
extern "C" void requestStop(int signal) {
  gStopRequest.store(signal);
  std::signal(signal, SIG_DFL);
}

int runFit(Model &model, Args &args, std::ostream &out, std::ostream &err, Collectives *job) {
  const bool writes = !job || job->rank() == 0;
  if (!model.canTrain())
    throw RuntimeError("this is the '" + model.manifest().phase +
                       "' artifact, which has no train step; compile a training phase (e.g. --phase head) to fit");
  std::optional<std::string> dataDir = args.option("data"), valDir = args.option("validation-data");
  double split = parseNumber(args.option("validation-split"), "validation-split", 0);
  std::optional<SplitRequest> split3 = takeSplit(args, nullptr); // seeded by --seed, read below
  FitOptions o;
  o.epochs = int(parseCount(args.option("epochs"), "epochs", 1, 1));
  o.batchSize = parseBatchSize(args.option("batch-size"));
  o.accumulateSteps = parseCount(args.option("accumulate-steps"), "accumulate-steps", 1, 1);
  takeMaxImagePixels(args);
  o.initialEpoch = int(parseCount(args.option("initial-epoch"), "initial-epoch", 0, 0));
  o.seed = uint64_t(parseCount(args.option("seed"), "seed", 1337, 0));
  if (auto lr = args.option("learning-rate"))
    o.learningRate = float(parseNumber(lr, "learning-rate", 0));
  o.classWeight = parseClassWeight(args.option("class-weight"));
  o.shuffle = !args.flag("no-shuffle");
  o.resume = args.flag("resume");
  o.loader.cropToAspectRatio = args.flag("crop-to-aspect-ratio");
  o.loader.augment = parseAugmentSpec(args.option("augment").value_or("none"));
  std::string policy = args.option("augment-policy").value_or("once");
  if (policy != "once" && policy != "every-epoch")
    throw UsageError("--augment-policy must be 'once' or 'every-epoch', got '" + policy + "'");
  o.loader.policy = policy == "once" ? AugmentPolicy::Once : AugmentPolicy::EveryEpoch;
  o.loader.seed = o.seed;
  o.loader.threads = unsigned(parseCount(args.option("threads"), "threads", 0, 0));
  o.loader.cacheBytes = size_t(parseCount(args.option("image-cache-mb"), "image-cache-mb", 4096, 0)) << 20;
  o.featureCacheBytes = size_t(parseCount(args.option("feature-cache-mb"), "feature-cache-mb", 4096, 0)) << 20;
  std::optional<std::string> initFrom = args.option("init-from"), exportPath = args.option("export");
  std::optional<std::string> weightsPath = args.option("weights"), initSeed = args.option("init-seed");
  const Manifest &m = model.manifest();
  std::string output = args.option("output").value_or(m.model + "_" + m.phase + "_fit");
  if (split < 0 || split >= 1)
    throw UsageError("--validation-split must be in [0, 1), got " + std::to_string(split));
  if ((split > 0) + bool(valDir) + bool(split3) > 1)
    throw UsageError("give one of --validation-split, --validation-data and --split");
  if (o.resume && initFrom)
    throw UsageError("--resume continues this artifact's own checkpoint; --init-from starts a new one: pick one");
  if (initSeed && (o.resume || initFrom))
    throw UsageError("--init-seed draws a new start; --resume and --init-from take theirs from a checkpoint");
  const uint64_t drawSeed = initSeed ? uint64_t(parseCount(initSeed, "init-seed", 0, 0)) : 0;
  auto callbacks = callbacksFrom(args, output, split > 0 || valDir || split3, writes);
  std::vector<std::string> extra = args.positionals();
  if (!extra.empty())
    throw UsageError("unexpected argument '" + extra[0] + "'");
  if (!dataDir)
    throw UsageError("fit needs --data DIR (one sub-folder per class)");
  o.resumeKey = resumeKey(args, o);

  o.checkpointPath = output + "/checkpoint.xcc";
  if (writes) {
    makeFolder(output);
    removeStaleTemporaries(output); // of a run killed while it wrote
  }
  // Rank 0's folder is the one that counts (the others may not see it): it decides for the job.
  std::string exists = writes && fileExists(o.checkpointPath) && !o.resume
                           ? "'" + o.checkpointPath + "' exists from an earlier fit: pass --resume to continue it, "
                             "or choose another --output (nothing was overwritten)"
                           : "";
  if (job)
    job->broadcast(exists);
  if (!exists.empty())
    throw JobError(exists);
  if (weightsPath)
    loadInitialWeights(model, *weightsPath);
  if (initSeed)
    out << "Drew " << model.redrawInitializers(drawSeed) << " of " << m.parameters.size()
        << " trainable parameters anew from their initializers with --init-seed " << drawSeed << "\n";
  if (initFrom) {
    Checkpoint earlier = readCheckpoint(*initFrom);
    size_t copied = startFromCheckpoint(model, earlier, *initFrom);
    o.earlierPhases = checkpointPhases(earlier);
    out << "Initialized " << copied << " of " << m.parameters.size() << " trainable parameters from '" << *initFrom
        << "'; optimizer state reset\n";
  }
  Data data = listData(model, *dataDir, valDir, split, split3, uint32_t(o.seed), out, err);
  o.classNames = data.classNames;
  o.out = &out;
  o.interactive = ProgressBar::isTerminal(out);
  o.stopRequest = &gStopRequest;
  o.collectives = job;
  std::signal(SIGINT, requestStop);
  std::signal(SIGTERM, requestStop);
  History history = fit(model, data.train, data.validation ? &*data.validation : nullptr, o, callbacks);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (!writes)
    return gStopRequest.load() ? 128 + gStopRequest.load() : 0;
  writeHistoryJson(history, output + "/history.json");
  writeLearningCurves(history, output + "/learning_curves.svg", m.model + ", phase " + m.phase);
  // From the checkpoint, which holds the earlier phases also when this run was resumed (none when TerminateOnNaN
  // stopped the first epoch).
  std::vector<PhaseHistory> phases;
  if (fileExists(o.checkpointPath))
    phases = checkpointPhases(readCheckpoint(o.checkpointPath));
  const bool combined = phases.size() > 1;
  if (combined) {
    std::vector<PhaseMark> marks;
    History all = concatenatePhases(phases, marks);
    std::string title = m.model + ", phases ";
    for (size_t i = 0; i < phases.size(); ++i)
      title += (i ? " + " : "") + phases[i].phase;
    writeLearningCurves(all, output + "/learning_curves_all_phases.svg", title, marks);
  }
  const std::string historyFiles = output + "/history.csv, " + output + "/history.json, " + output +
                                   "/learning_curves.svg" +
                                   (combined ? ", " + output + "/learning_curves_all_phases.svg" : "");
  if (int signal = gStopRequest.load()) {
    out << "History so far: " << historyFiles << (exportPath ? "; nothing exported (the run is not finished)" : "")
        << "\n";
    return 128 + signal; // the shell's convention for a run ended by a signal
  }
  if (exportPath) {
    exportKerasWeights(model, *exportPath, weightsPath.value_or(""));
    out << "Exported the Keras 3 weights to " << *exportPath << "\n";
  }
  out << "Checkpoint: " << o.checkpointPath << "\nHistory: " << historyFiles << "\n";
  return 0;
}

} // namespace

int fitCommand(Model &model, Args args, std::ostream &out, std::ostream &err) {
  std::unique_ptr<Collectives> job = joinJob(args.flag("distributed"));
  if (!job || job->size() == 1)
    return runFit(model, args, out, err, job.get());
  std::ostringstream quiet; // rank 0 prints for the job; the others' errors still reach `err`
  try {
    return runFit(model, args, job->rank() == 0 ? out : quiet, err, job.get());
  } catch (const JobError &) {
    if (job->rank() != 0)
      return 1; // every rank met it: rank 0 says it, and the job ends cleanly
    throw;
  } catch (const UsageError &) {
    if (job->rank() != 0)
      return 2; // the same words on every rank
    throw;
  } catch (const std::exception &e) {
    // Only this rank failed: the others wait in their next sum, so the job must end here, naming the rank.
    out.flush();
    err << "fit: error on rank " << job->rank() << " of " << job->size() << ": " << e.what()
        << "\nfit: ending the job (the last checkpoint is kept; --resume continues it)\n";
    err.flush();
    job->abort(1);
  }
}

} // namespace xcc::rt::cli
