// The model CLI's commands and options: the one place that names them, read by Args (args.h) and by --help.
#include "args.h"

#include <ostream>

namespace xcc::rt::cli {
namespace {

std::vector<OptionHelp> join(std::initializer_list<std::vector<OptionHelp>> lists) {
  std::vector<OptionHelp> all;
  for (const auto &l : lists)
    all.insert(all.end(), l.begin(), l.end());
  return all;
}

const std::vector<OptionHelp> kStart = {
    {"weights", "FILE", "the pretrained weights file the artifact was compiled with (parameters that start from it)"},
    {"checkpoint", "CKPT", "trained parameters and class names from a checkpoint (fit writes OUTPUT/checkpoint.xcc)"},
};

const OptionHelp kMaxPixels = {"max-image-pixels", "N",
                                "refuse images whose header declares more pixels (89478485, Pillow's limit)"};

const std::vector<OptionHelp> kPick = {
    {"batch-size", "N", "images per batch (32)"},
    kMaxPixels,
    {"split", "F,F,F", "the guide's seeded split of --data into train, validation and test fractions (e.g. "
                       "0.4,0.1,0.1): the listing shuffled with --seed, then consecutive slices"},
    {"subset", "NAME", "which slice of --split: train, validation or test (test)"},
    {"seed", "S", "the seed of --split (1337, fit's default)"},
};

std::vector<CommandHelp> makeTable() {
  return {
      {"fit", "fit --data DIR [options]",
       "Trains on DIR, one sub-folder per class, as Keras's model.fit, and writes OUTPUT/checkpoint.xcc after every "
       "epoch, history.csv/.json and learning_curves.svg. Ctrl-C (SIGINT) or SIGTERM stops at the next step with a "
       "checkpoint that --resume continues. Started by mpirun (or srun) on N processes, it is one data-parallel fit: "
       "--batch-size stays the global batch, rank 0 prints and writes (docs/distributed.md).",
       {{"data", "DIR", "training images, one sub-folder per class (image_dataset_from_directory)"},
        {"validation-split", "F", "validate on this fraction of DIR (Keras's validation_split; 0)"},
        {"validation-data", "DIR", "validate on another folder"},
        {"split", "F,F,F", "train on the first and validate on the second slice of the guide's seeded three-way "
                           "split (e.g. 0.4,0.1,0.1); evaluate --split takes the third"},
        {"epochs", "N", "epochs to train (1)"},
        {"initial-epoch", "N", "the first epoch to run, as Keras's initial_epoch (0)"},
        {"batch-size", "N", "images per step (32)"},
        {"accumulate-steps", "K", "update every K steps with their mean gradient, as Keras 3's "
                                  "gradient_accumulation_steps: an effective batch of K x N (1)"},
        {"learning-rate", "LR", "the optimizer's learning rate (the compiled one)"},
        {"seed", "S", "seeds the split, the epoch order, augmentation and dropout (1337)"},
        {"no-shuffle", "", "visit the training images in listing order"},
        {"augment", "SPEC", "random augmentation, e.g. flip=horizontal,rotation=0.1,fill=reflect (none)"},
        {"augment-policy", "P", "once (epoch 1's draws replayed, as the Keras 3 guide) or every-epoch (once)"},
        {"class-weight", "C:W,...", "Keras's class_weight, e.g. 0:1,1:2.5"},
        {"crop-to-aspect-ratio", "", "crop to the model's aspect ratio before resizing"},
        {"output", "DIR", "where the checkpoint, history and plot go (<model>_<phase>_fit)"},
        {"resume", "", "continue the checkpoint in --output with the options it was started with"},
        {"init-from", "CKPT", "start a new phase from an earlier phase's checkpoint (optimizer state reset)"},
        {"init-seed", "S", "draw the initializers' first values (a new head's) anew from S"},
        {"weights", "FILE", "the pretrained weights file the artifact was compiled with"},
        {"export", "FILE", "write Keras 3 weights (.weights.h5) at the end"},
        {"monitor", "M", "what the callbacks watch (val_loss with validation, else loss)"},
        {"early-stopping-patience", "N", "stop after N epochs without improvement"},
        {"restore-best-weights", "", "with early stopping: end with the best epoch's weights"},
        {"reduce-lr-patience", "N", "multiply the learning rate by --reduce-lr-factor after N flat epochs"},
        {"reduce-lr-factor", "F", "ReduceLROnPlateau's factor (0.1)"},
        {"min-learning-rate", "LR", "ReduceLROnPlateau's floor (0)"},
        {"save-best-only", "", "also keep OUTPUT/best.xcc, the best epoch by --monitor"},
        {"threads", "N", "image decoding threads (one per core)"},
        {"distributed", "", "join an MPI job even where no launcher's variables say so (mpirun needs no flag)"},
        {"image-cache-mb", "N", "decoded images kept in memory (4096)"},
        {"feature-cache-mb", "N", "a head phase's frozen-base output kept per image (4096; 0: off)"},
        kMaxPixels}},
      {"evaluate", "evaluate --data DIR [options]",
       "Loss and accuracy on DIR, one sub-folder per class, as Keras's model.evaluate.",
       join({{{"data", "DIR", "images, one sub-folder per class"},
              {"threshold", "T", "a binary model's logit above T counts as class 1 (0, i.e. p > 0.5; Keras's "
                                 "BinaryAccuracy() uses 0.5)"}},
             kPick, kStart})},
      {"predict", "predict IMAGE... | --data DIR [options]",
       "Each image's logits, probabilities and predicted class (by name when the checkpoint has them).",
       join({{{"data", "DIR", "every image under DIR (or its --split --subset) instead of listed files"}}, kPick,
             kStart})},
      {"info", "info [--checkpoint CKPT]",
       "What this program holds: model, phase, input shape, outputs, classes, dtype policy, target, parameters.",
       {kStart[1]}},
  };
}

void printWrapped(std::ostream &os, const std::string &text, size_t indent, size_t width) {
  size_t column = indent;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    std::string word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (column > indent && column + 1 + word.size() > width) {
      os << "\n" << std::string(indent, ' ');
      column = indent;
    } else if (column > indent) {
      os << ' ';
      ++column;
    }
    os << word;
    column += word.size();
    start = end == std::string::npos ? text.size() : end + 1;
  }
  os << "\n";
}

} // namespace

const std::vector<CommandHelp> &commandTable() {
  static const std::vector<CommandHelp> table = makeTable();
  return table;
}

const CommandHelp &findCommand(const std::string &name) {
  std::vector<std::string> names;
  for (const CommandHelp &c : commandTable()) {
    if (c.name == name)
      return c;
    names.push_back(c.name);
  }
  if (name.empty())
    throw UsageError("no command given");
  std::string message = "unknown command '" + name + "'";
  if (auto guess = nearest(name, names))
    message += "; did you mean '" + *guess + "'?";
  throw UsageError(message);
}

void printOverview(const std::string &program, std::ostream &os) {
  os << "usage: " << program << " COMMAND [options]\n\ncommands:\n";
  for (const CommandHelp &c : commandTable()) {
    os << "  " << c.name << std::string(10 - c.name.size(), ' ');
    size_t sentence = c.summary.find(". ");
    printWrapped(os, sentence == std::string::npos ? c.summary : c.summary.substr(0, sentence + 1), 12, 100);
  }
  os << "\nRun '" << program << " COMMAND --help' for a command's options.\n";
}

void printCommandHelp(const std::string &program, const CommandHelp &command, std::ostream &os) {
  os << "usage: " << program << " " << command.synopsis << "\n\n";
  printWrapped(os, command.summary, 0, 100);
  os << "\noptions:\n";
  for (const OptionHelp &o : command.options) {
    std::string left = "  --" + o.name + (o.value.empty() ? "" : " " + o.value);
    os << left << std::string(left.size() < 32 ? 32 - left.size() : 1, ' ');
    printWrapped(os, o.help, 32, 110);
  }
}

} // namespace xcc::rt::cli
