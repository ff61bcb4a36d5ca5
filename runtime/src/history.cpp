//===- history.cpp - per-epoch logs, Keras's CSVLogger file and JSON ------===//

#include "xcc/runtime/history.h"

#include "xcc/runtime/atomic_file.h"
#include "xcc/runtime/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace xcc::rt {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr const char *kEpochKey = "epoch"; // the files' epoch column / array

[[noreturn]] void badHistory(const std::string &source, const std::string &reason) {
  throw RuntimeError("history in '" + source + "': " + reason);
}

/// Python's csv.writer with QUOTE_MINIMAL: a field holding the delimiter, a quote or a line break is quoted,
/// its quotes doubled. Metric names never need it, but a user's metric name is free text.
std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::vector<double> numbersOf(const nlohmann::ordered_json &array, const std::string &key, const std::string &source) {
  if (!array.is_array())
    badHistory(source, "'" + key + "' is not an array");
  std::vector<double> numbers;
  for (const auto &item : array) {
    if (item.is_null())
      numbers.push_back(kMissing);
    else if (item.is_number())
      numbers.push_back(item.get<double>());
    else
      badHistory(source, "'" + key + "' holds " + item.dump() + ", not a number");
  }
  return numbers;
}

std::vector<int> epochsOf(const nlohmann::ordered_json &array, const std::string &source) {
  if (!array.is_array())
    badHistory(source, "'epoch' is not an array");
  std::vector<int> epochs;
  for (const auto &item : array) {
    if (!item.is_number_integer() || item.get<long long>() < 0 || item.get<long long>() > INT32_MAX)
      badHistory(source, "'epoch' holds " + item.dump() + ", not an epoch number");
    if (!epochs.empty() && item.get<int>() <= epochs.back())
      badHistory(source, "'epoch' is not increasing at " + item.dump());
    epochs.push_back(item.get<int>());
  }
  return epochs;
}

} // namespace

void History::append(int epoch, const std::vector<std::pair<std::string, double>> &logs) {
  // Checked before anything changes, so a rejected call leaves the history as it was.
  if (!epochs.empty() && epoch <= epochs.back())
    throw RuntimeError("history: epoch " + std::to_string(epoch) + " appended after epoch " +
                       std::to_string(epochs.back()));
  for (const auto &log : logs)
    if (log.first == kEpochKey)
      throw RuntimeError("history: a metric cannot be named 'epoch' (the files' epoch column)");
  for (const auto &log : logs)
    if (values.try_emplace(log.first, epochs.size(), kMissing).second)
      keys.push_back(log.first);
  epochs.push_back(epoch);
  for (const std::string &key : keys)
    values[key].push_back(kMissing);
  for (const auto &[key, value] : logs)
    values[key].back() = value;
}

std::string History::toJson() const {
  nlohmann::ordered_json json;
  json[kEpochKey] = epochs;
  for (const std::string &key : keys) {
    nlohmann::ordered_json column = nlohmann::ordered_json::array();
    for (double v : values.at(key))
      column.push_back(std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr));
    json[key] = std::move(column);
  }
  return json.dump();
}

History History::fromJson(const std::string &text, const std::string &sourceName) {
  nlohmann::ordered_json json;
  try {
    json = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error &e) {
    badHistory(sourceName, "not valid JSON (byte " + std::to_string(e.byte) + ")");
  }
  if (!json.is_object() || !json.contains(kEpochKey))
    badHistory(sourceName, "expected an object with an 'epoch' array");
  History history;
  history.epochs = epochsOf(json[kEpochKey], sourceName);
  for (const auto &[key, column] : json.items()) {
    if (key == kEpochKey)
      continue;
    std::vector<double> numbers = numbersOf(column, key, sourceName);
    if (numbers.size() != history.epochs.size())
      badHistory(sourceName, "'" + key + "' has " + std::to_string(numbers.size()) + " values for " +
                                 std::to_string(history.epochs.size()) + " epochs");
    history.keys.push_back(key);
    history.values[key] = std::move(numbers);
  }
  return history;
}

void History::truncate(int epochCount) {
  size_t kept = size_t(std::lower_bound(epochs.begin(), epochs.end(), epochCount) - epochs.begin());
  epochs.resize(kept);
  for (auto &[key, column] : values)
    column.resize(kept);
  // A key first logged in a dropped epoch would otherwise survive as an all-NaN column the resumed run's
  // own history would not have.
  auto empty = [&](const std::string &key) {
    const std::vector<double> &column = values[key];
    return std::all_of(column.begin(), column.end(), [](double v) { return std::isnan(v); });
  };
  std::vector<std::string> keptKeys;
  for (const std::string &key : keys) {
    if (empty(key))
      values.erase(key);
    else
      keptKeys.push_back(key);
  }
  keys = std::move(keptKeys);
}

std::string pythonFloatRepr(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  // Shortest round-trip digits in scientific form ("-1.2345e-05"), the same digits Python's repr picks;
  // only the layout differs, which is redone below.
  char buffer[64];
  char *end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
  std::string scientific(buffer, end);
  size_t e = scientific.find('e');
  bool negative = scientific[0] == '-';
  std::string digits;
  for (size_t i = negative; i < e; ++i)
    if (scientific[i] != '.')
      digits += scientific[i];
  int exponent = std::atoi(scientific.c_str() + e + 1);
  int point = exponent + 1; // digits are 0.d1d2... * 10^point, Python's "decpt"
  std::string text = negative ? "-" : "";
  // CPython's float_repr_style "short": exponent form when decpt <= -4 or decpt > 16 (pystrtod.c).
  if (point <= -4 || point > 16) {
    char exp[8];
    std::snprintf(exp, sizeof exp, "e%+03d", exponent);
    return text + digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "") + exp;
  }
  if (point <= 0)
    return text + "0." + std::string(size_t(-point), '0') + digits;
  if (size_t(point) < digits.size())
    return text + digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
  return text + digits + std::string(size_t(point) - digits.size(), '0') + ".0";
}

void writeHistoryCsv(const History &history, const std::string &path) {
  std::vector<std::string> columns = history.keys;
  std::sort(columns.begin(), columns.end()); // CSVLogger: sorted(logs.keys()); byte order = Python's code points
  std::string csv = kEpochKey;
  for (const std::string &key : columns)
    csv += "," + csvField(key);
  csv += "\r\n";
  for (size_t row = 0; row < history.epochs.size(); ++row) {
    csv += std::to_string(history.epochs[row]);
    for (const std::string &key : columns)
      csv += "," + pythonFloatRepr(history.values.at(key)[row]);
    csv += "\r\n";
  }
  writeFileAtomically(path, csv);
}

void writeHistoryJson(const History &history, const std::string &path) {
  writeFileAtomically(path, history.toJson() + "\n");
}

} // namespace xcc::rt
