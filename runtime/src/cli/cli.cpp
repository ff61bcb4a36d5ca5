#include "xcc/runtime/cli.h"

#include "commands.h"
#include "xcc/runtime/error.h"

#include <algorithm>
#include <iostream>

namespace xcc::rt {
namespace {

void printUsage(const char *program, std::ostream &os) {
  os << "usage: " << program << " predict IMAGE... [--batch-size N]\n"
     << "       " << program << " evaluate --data DIR [--batch-size N] [--threshold T]\n"
     << "  predict   prints each image's logits and probabilities (sigmoid for one output, softmax for more)\n"
     << "  evaluate  loss and accuracy on DIR, one sub-folder per class (image_dataset_from_directory);\n"
     << "            --threshold T: a single logit > T counts as class 1 (default 0)\n";
}

} // namespace

int runModelCli(const xcc_artifact *artifact, int argc, char **argv) {
  const char *program = argc > 0 ? argv[0] : "model";
  std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
  std::string command = argc > 1 ? argv[1] : "";
  if (command == "-h" || command == "--help" || command == "help") {
    printUsage(program, std::cout);
    return 0;
  }
  try {
    Model model(artifact);
    if (command == "predict")
      return cli::predictCommand(model, args, std::cout, std::cerr);
    if (command == "evaluate")
      return cli::evaluateCommand(model, args, std::cout, std::cerr);
    throw cli::UsageError(command.empty() ? "no command given" : "unknown command '" + command + "'");
  } catch (const cli::UsageError &e) {
    std::cerr << program << ": error: " << e.what() << "\n";
    printUsage(program, std::cerr);
    return 2;
  } catch (const std::exception &e) {
    std::cerr << program << ": error: " << e.what() << "\n";
    return 1;
  }
}

} // namespace xcc::rt
