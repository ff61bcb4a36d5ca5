// The model CLI's command line: each command's options are declared once, in the table in help.cpp, and read
// through Args, which refuses a name the table lacks (so help and parsing cannot drift apart) and answers an
// unknown option with the nearest declared one.
#ifndef XCC_RUNTIME_CLI_ARGS_H
#define XCC_RUNTIME_CLI_ARGS_H

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace xcc::rt::cli {

/// A bad command line; runModelCli prints it with the command's usage line and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OptionHelp {
  std::string name;  ///< without the leading "--"
  std::string value; ///< the value's placeholder ("N", "DIR"); empty for a flag
  std::string help;  ///< one sentence, with the default in parentheses
};

struct CommandHelp {
  std::string name, synopsis, summary;
  std::vector<OptionHelp> options;
};

/// Every command, in the order `--help` lists them.
const std::vector<CommandHelp> &commandTable();
/// The command named `name`; UsageError with the nearest name otherwise.
const CommandHelp &findCommand(const std::string &name);
void printOverview(const std::string &program, std::ostream &os);
void printCommandHelp(const std::string &program, const CommandHelp &command, std::ostream &os);

/// The closest of `candidates` to `word` by edit distance, if it is close enough to be a typo.
std::optional<std::string> nearest(const std::string &word, const std::vector<std::string> &candidates);

/// One command's arguments, consumed option by option.
class Args {
public:
  Args(const CommandHelp &command, std::vector<std::string> words) : command_(command), words_(std::move(words)) {}
  /// Removes `--name VALUE` or `--name=VALUE` and returns VALUE, if present.
  std::optional<std::string> option(const std::string &name);
  /// Removes `--name`; true if it was there.
  bool flag(const std::string &name);
  /// What is left once every option was read: the positional words. An unknown `--option` is a UsageError that
  /// names the nearest declared one.
  std::vector<std::string> positionals() const;
  const CommandHelp &command() const { return command_; }
  /// What an option or flag that was read got, as given ("" when absent, "on" for a given flag).
  std::string given(const std::string &name) const;

private:
  const OptionHelp &declared(const std::string &name) const;
  const CommandHelp &command_;
  std::vector<std::string> words_;
  std::vector<std::pair<std::string, std::string>> given_;
};

} // namespace xcc::rt::cli

#endif // XCC_RUNTIME_CLI_ARGS_H
