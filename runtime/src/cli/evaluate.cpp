// `evaluate --data DIR`: Keras's model.evaluate on image_dataset_from_directory(DIR), loss and accuracy.
#include "commands.h"

#include "xcc/runtime/dataset.h"
#include "xcc/runtime/error.h"
#include "xcc/runtime/fit.h"
#include "xcc/runtime/metrics.h"

#include <cmath>
#include <cstdio>

namespace xcc::rt::cli {

int evaluateCommand(Model &model, Args args, std::ostream &out, std::ostream &err) {
  std::optional<std::string> thresholdArg = args.option("threshold");
  PickedImages picked = takePickedImages(model, args, out, err);
  const std::optional<std::string> &data = picked.data;
  const ModelState &state = picked.state;
  if (!data)
    throw UsageError("evaluate needs --data DIR (one sub-folder per class)");
  if (!picked.positionals.empty())
    throw UsageError("unexpected argument '" + picked.positionals[0] + "'");

  const size_t n = size_t(model.outputsPerSample());
  const bool binary = n == 1;
  if (!binary && thresholdArg)
    throw UsageError("--threshold applies to a single-logit (binary) model; this one has " + std::to_string(n) +
                     " outputs");
  // The logit threshold. Keras's BinaryAccuracy() compares the model output with 0.5 even when the output is a
  // logit (so it means p > 0.62, tensorflow/tensorflow#41413); xcc defaults to 0 (p > 0.5), --threshold 0.5
  // reproduces Keras.
  const double threshold = parseNumber(thresholdArg, "threshold", 0.0);

  // Listed as Int (the same indices as Binary) so that a wrong number of class folders gets checkClassFolders'
  // message, which says what this model needs, rather than Keras's label_mode wording.
  ListedFiles listing = listFiles(*data, picked.split, LabelMode::Int, out);
  checkClassFolders(model, listing.classNames, *data, err);
  if (!state.classNames.empty() && state.classNames != listing.classNames)
    err << "WARNING: the checkpoint was trained on classes " << someOf(state.classNames) << ", '" << *data
        << "' has " << someOf(listing.classNames) << ": labels are matched by position\n";
  if (binary && !thresholdArg)
    out << "Note: binary_accuracy counts logit > 0 (p > 0.5) as class 1; Keras's BinaryAccuracy() thresholds the "
           "logit at 0.5 (p > 0.62). Pass --threshold 0.5 for Keras's numbers.\n";

  const std::vector<int32_t> &labels = listing.files.labels;
  double lossSum = 0;
  int64_t correct = 0, count = 0;
  PredictionRun run = predictFiles(model, listing.files.paths, picked.batchSize, [&](size_t i, const float *logits) {
    if (binary) {
      lossSum += binaryCrossentropyFromLogits(logits[0], labels[i]);
      correct += int(logits[0] > threshold) == labels[i];
    } else {
      lossSum += sparseCategoricalCrossentropyFromLogits(logits, n, size_t(labels[i]));
      correct += argmax(logits, n) == size_t(labels[i]);
    }
    ++count;
  });
  out.flush(); // keep stdout and stderr in order on a terminal
  reportSkipped(run.skipped, err);
  if (count == 0)
    throw RuntimeError("no image in '" + *data + "' could be decoded");

  // Keras 3's last progress-bar line: steps, time, then the metrics.
  char line[256];
  std::snprintf(line, sizeof line, "%lld/%lld \u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501"
                                   "\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501 %.0fs %.0fms/step - "
                                   "%s: %.4f - loss: %.4f\n",
                (long long)run.steps, (long long)run.steps, run.seconds, 1000 * run.seconds / run.steps,
                evaluationSpec(model).metrics.front().name.c_str(), double(correct) / count, lossSum / count);
  out << line;
  if (!run.skipped.empty())
    out << "Evaluated " << count << " of " << listing.files.paths.size() << " files (" << run.skipped.size()
        << " skipped).\n";
  return 0;
}

} // namespace xcc::rt::cli
