#include "xcc/runtime/cli.h"

#include "commands.h"
#include "xcc/runtime/error.h"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace xcc::rt {

int runModelCli(const xcc_artifact *artifact, int argc, char **argv) {
  // As `git` and `cmake` name themselves in messages: the program's name, not the path it was started by.
  const std::string program = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "model";
  std::vector<std::string> words(argv + std::min(argc, 2), argv + argc);
  const std::string command = argc > 1 ? argv[1] : "";
  auto isHelp = [](const std::string &w) { return w == "-h" || w == "--help"; };
  const cli::CommandHelp *spec = nullptr;
  try {
    if (isHelp(command) || command == "help") {
      if (command == "help" && !words.empty())
        cli::printCommandHelp(program, cli::findCommand(words[0]), std::cout);
      else
        cli::printOverview(program, std::cout);
      return 0;
    }
    spec = &cli::findCommand(command);
    if (std::any_of(words.begin(), words.end(), isHelp)) {
      cli::printCommandHelp(program, *spec, std::cout);
      return 0;
    }
    cli::Args args(*spec, std::move(words));
    Model model(artifact);
    if (command == "predict")
      return cli::predictCommand(model, std::move(args), std::cout, std::cerr);
    if (command == "fit")
      return cli::fitCommand(model, std::move(args), std::cout, std::cerr);
    if (command == "evaluate")
      return cli::evaluateCommand(model, std::move(args), std::cout, std::cerr);
    return cli::infoCommand(model, std::move(args), std::cout, std::cerr);
  } catch (const cli::UsageError &e) {
    std::cout.flush();
    std::cerr << program << ": error: " << e.what() << "\n";
    if (spec)
      std::cerr << "usage: " << program << " " << spec->synopsis << "\n(" << program << " " << spec->name
                << " --help lists its options)\n";
    else
      cli::printOverview(program, std::cerr);
    return 2;
  } catch (const std::exception &e) {
    std::cout.flush();
    std::cerr << program << ": error: " << e.what() << "\n";
    return 1;
  }
}

} // namespace xcc::rt
