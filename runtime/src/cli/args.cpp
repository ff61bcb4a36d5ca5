#include "args.h"

#include <algorithm>

namespace xcc::rt::cli {

std::optional<std::string> nearest(const std::string &word, const std::vector<std::string> &candidates) {
  auto distance = [](const std::string &a, const std::string &b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
      row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t diagonal = row[0];
      row[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
        diagonal = row[j];
        row[j] = next;
      }
    }
    return row[b.size()];
  };
  std::optional<std::string> best;
  size_t bestDistance = 0;
  for (const std::string &c : candidates) {
    size_t d = distance(word, c);
    // A typo changes a few letters; more than a third of the word is another word.
    if (d <= std::max<size_t>(2, c.size() / 3) && (!best || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

const OptionHelp &Args::declared(const std::string &name) const {
  for (const OptionHelp &o : command_.options)
    if (o.name == name)
      return o;
  // A programming error, not a user's: the help table in help.cpp must list every option a command reads.
  throw std::logic_error("the '" + command_.name + "' command reads --" + name + ", which its help does not list");
}

std::optional<std::string> Args::option(const std::string &name) {
  if (declared(name).value.empty())
    throw std::logic_error("--" + name + " is declared as a flag");
  const std::string flag = "--" + name;
  for (size_t i = 0; i < words_.size(); ++i) {
    if (words_[i] == flag) {
      if (i + 1 == words_.size())
        throw UsageError(flag + " needs a value (" + flag + " " + declared(name).value + ")");
      std::string value = words_[i + 1];
      words_.erase(words_.begin() + long(i), words_.begin() + long(i) + 2);
      given_.emplace_back(name, value);
      return value;
    }
    if (words_[i].rfind(flag + "=", 0) == 0) {
      std::string value = words_[i].substr(flag.size() + 1);
      words_.erase(words_.begin() + long(i));
      given_.emplace_back(name, value);
      return value;
    }
  }
  return std::nullopt;
}

bool Args::flag(const std::string &name) {
  if (!declared(name).value.empty())
    throw std::logic_error("--" + name + " is declared with a value");
  auto it = std::find(words_.begin(), words_.end(), "--" + name);
  if (it == words_.end())
    return false;
  words_.erase(it);
  given_.emplace_back(name, "on");
  return true;
}

std::string Args::given(const std::string &name) const {
  declared(name);
  for (const auto &[n, v] : given_)
    if (n == name)
      return v;
  return "";
}

std::vector<std::string> Args::positionals() const {
  std::vector<std::string> names;
  for (const OptionHelp &o : command_.options)
    names.push_back("--" + o.name);
  for (const std::string &w : words_) {
    if (w.rfind("--", 0) != 0)
      continue;
    std::string given = w.substr(0, w.find('='));
    for (const OptionHelp &o : command_.options)
      if ("--" + o.name == given)
        throw UsageError(given + (o.value.empty() && given != w ? " takes no value" : " is given more than once"));
    std::string message = "unknown option '" + given + "' for " + command_.name;
    if (auto guess = nearest(given, names))
      message += "; did you mean '" + *guess + "'?";
    else
      message += " (its options: " + command_.name + " --help)";
    throw UsageError(message);
  }
  return words_;
}

} // namespace xcc::rt::cli
