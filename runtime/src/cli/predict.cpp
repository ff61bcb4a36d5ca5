// `predict IMAGE...`: one line per image with the logits and the probabilities they stand for.
#include "commands.h"

#include "xcc/runtime/metrics.h"

#include <cstdio>

namespace xcc::rt::cli {
namespace {

std::string formatList(const std::vector<double> &values) {
  std::string s = "[";
  char buf[32];
  for (size_t i = 0; i < values.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.6g", i ? ", " : "", values[i]);
    s += buf;
  }
  return s + "]";
}

} // namespace

int predictCommand(Model &model, Args options, std::ostream &out, std::ostream &err) {
  PickedImages picked = takePickedImages(model, options, out, err);
  const std::optional<std::string> &data = picked.data;
  const std::vector<std::string> &classNames = picked.state.classNames;
  std::vector<std::string> args = picked.positionals;
  if (picked.split && !data)
    throw UsageError("--split divides a folder: add --data DIR");
  if (data && !args.empty())
    throw UsageError("give image files or --data DIR, not both");
  if (data)
    args = listFiles(*data, picked.split, LabelMode::Int, out).files.paths;
  else if (args.empty())
    throw UsageError("predict needs image files or --data DIR");
  const size_t n = size_t(model.outputsPerSample());
  PredictionRun run = predictFiles(model, args, picked.batchSize, [&](size_t index, const float *logits) {
    std::vector<double> raw(logits, logits + n);
    out << args[index] << ": logits " << formatList(raw);
    // One output is a binary classifier's logit (sigmoid); several are class logits (softmax).
    if (n == 1) {
      out << " sigmoid " << formatList({sigmoid(logits[0])});
    } else {
      out << " softmax " << formatList(softmax(logits, n));
    }
    // The class by name where the checkpoint's fit recorded the folders' names, else by index.
    size_t cls = n == 1 ? size_t(logits[0] > 0) : argmax(logits, n);
    out << " class " << (cls < classNames.size() ? classNames[cls] : std::to_string(cls));
    out << "\n";
  });
  out.flush(); // keep stdout and stderr in order on a terminal
  reportSkipped(run.skipped, err);
  return run.skipped.empty() ? 0 : 1;
}

} // namespace xcc::rt::cli
