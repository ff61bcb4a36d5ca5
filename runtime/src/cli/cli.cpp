#include "xcc/runtime/cli.h"

#include "commands.h"
#include "xcc/runtime/error.h"

#include <algorithm>
#include <iostream>

namespace xcc::rt {
namespace {

void printUsage(const char *program, std::ostream &os) {
  os << "usage: " << program << " fit --data DIR [options]\n"
     << "       " << program << " predict IMAGE... | --data DIR [SPLIT] [--batch-size N] [--weights FILE] "
                                  "[--checkpoint CKPT]\n"
     << "       " << program << " evaluate --data DIR [SPLIT] [--batch-size N] [--threshold T] [--weights FILE] "
                                  "[--checkpoint CKPT]\n"
     << "  --weights FILE     the pretrained file the artifact was compiled with (parameters that start from it)\n"
     << "  --checkpoint CKPT  trained parameters from a checkpoint (fit writes OUTPUT/checkpoint.xcc)\n"
     << "  SPLIT     --split TRAIN,VALIDATION,TEST [--subset train|validation|test (test)] [--seed S (1337)]: the\n"
     << "            guide's deterministic split of DIR (e.g. 0.4,0.1,0.1): the listing shuffled with the seed, then\n"
     << "            consecutive slices; fit --split trains on the first and validates on the second\n"
     << "  predict   prints each image's logits and probabilities (sigmoid for one output, softmax for more)\n"
     << "  evaluate  loss and accuracy on DIR, one sub-folder per class (image_dataset_from_directory);\n"
     << "            --threshold T: a single logit > T counts as class 1 (default 0)\n"
     << "  fit       trains on DIR (one sub-folder per class); options:\n"
     << "            --epochs N (1)  --initial-epoch N (0)  --batch-size N (32)  --learning-rate LR (the compiled "
        "optimizer's)\n"
     << "            --validation-split F | --validation-data DIR | --split F,F,F   --seed S (1337)   --no-shuffle\n"
     << "            --augment SPEC (e.g. flip=horizontal,rotation=0.1,fill=reflect)\n"
     << "            --augment-policy once|every-epoch (once: epoch 1's draws replayed, as the Keras-3 guide)\n"
     << "            --class-weight 0:1,1:2.5   --crop-to-aspect-ratio   --threads N   --image-cache-mb N (4096)\n"
     << "            --feature-cache-mb N (4096; 0: off): keep a head phase's frozen-base output per image\n"
     << "            --output DIR (<model>_<phase>_fit): checkpoint.xcc, history.csv/.json, learning_curves.svg\n"
     << "            --resume (continue DIR's checkpoint)   --init-from CKPT (a new phase from an earlier one's)\n"
     << "            --init-seed S: draw the initializers' first values (a new head's) anew from S\n"
     << "            --monitor M   --early-stopping-patience N [--restore-best-weights]\n"
     << "            --reduce-lr-patience N [--reduce-lr-factor F] [--min-learning-rate LR]   --save-best-only\n"
     << "            --weights FILE (pretrained start)   --export FILE.weights.h5 (Keras 3 weights at the end)\n";
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
    // fit takes --checkpoint as --init-from/--resume; predict and evaluate start from it.
    if (command != "fit")
      cli::loadModelState(model, args, std::cout);
    if (command == "predict")
      return cli::predictCommand(model, args, std::cout, std::cerr);
    if (command == "fit")
      return cli::fitCommand(model, args, std::cout, std::cerr);
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
