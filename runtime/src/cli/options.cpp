#include "commands.h"

#include "xcc/runtime/checkpoint.h"
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
