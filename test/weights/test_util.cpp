//===- test_util.cpp - Fixtures and corrupt-copy helpers -------------------===//
#include "test_util.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace xcc::weights::test {

std::string fixture(const std::string &name) {
  return std::string(XCC_WEIGHTS_FIXTURES) + "/" + name;
}

float fixtureValue(double seed, int64_t i) { return float(seed + double(i) / 4); }

::testing::AssertionResult hasFixtureValues(const NamedWeight *w,
                                            std::vector<int64_t> shape, double seed) {
  if (!w)
    return ::testing::AssertionFailure() << "weight not found";
  if (w->value.shape != shape)
    return ::testing::AssertionFailure() << w->path << ": shape mismatch";
  if (int64_t(w->value.data.size()) != w->value.numel())
    return ::testing::AssertionFailure() << w->path << ": data size != numel";
  for (size_t i = 0; i < w->value.data.size(); ++i)
    if (w->value.data[i] != fixtureValue(seed, int64_t(i)))
      return ::testing::AssertionFailure()
             << w->path << "[" << i << "] = " << w->value.data[i] << ", expected "
             << fixtureValue(seed, int64_t(i));
  return ::testing::AssertionSuccess();
}

std::vector<uint8_t> readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), {}};
}

void writeBytes(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
  if (!out)
    throw std::runtime_error("cannot write " + path);
}

std::string readText(const std::string &path) {
  std::vector<uint8_t> b = readBytes(path);
  return {b.begin(), b.end()};
}

void writeText(const std::string &path, const std::string &text) {
  writeBytes(path, {text.begin(), text.end()});
}

void replaceInFile(const std::string &path, const std::string &from, const std::string &to) {
  std::string text = readText(path);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "'" << from << "' not in " << path;
  ASSERT_EQ(text.find(from, at + 1), std::string::npos) << "'" << from << "' twice in " << path;
  text.replace(at, from.size(), to);
  writeText(path, text);
}

int64_t findBytes(const std::vector<uint8_t> &hay, const std::vector<uint8_t> &needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end());
  return it == hay.end() ? -1 : int64_t(it - hay.begin());
}

std::vector<uint8_t> floatBytes(const std::vector<float> &values) {
  std::vector<uint8_t> out(values.size() * 4);
  std::memcpy(out.data(), values.data(), out.size()); // the tests run little-endian
  return out;
}

void copyDir(const std::string &from, const std::string &to) {
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

void writeSafetensors(const std::string &path, const std::string &header,
                      const std::vector<uint8_t> &data) {
  std::vector<uint8_t> out(8);
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    out[size_t(i)] = uint8_t(n >> (8 * i));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  writeBytes(path, out);
}

::testing::AssertionResult failsWith(const std::string &path,
                                     std::initializer_list<std::string> fragments,
                                     const LoadOptions &options) {
  try {
    WeightFile wf = loadWeights(path, options);
    return ::testing::AssertionFailure()
           << path << " loaded (" << wf.weights.size() << " weights) but should fail";
  } catch (const WeightsError &e) {
    std::string msg = e.what();
    if (msg.find(path) == std::string::npos)
      return ::testing::AssertionFailure() << "message does not name the file: " << msg;
    for (const std::string &f : fragments)
      if (msg.find(f) == std::string::npos)
        return ::testing::AssertionFailure() << "message lacks '" << f << "': " << msg;
    return ::testing::AssertionSuccess() << msg;
  } catch (const std::exception &e) {
    return ::testing::AssertionFailure() << "not a WeightsError: " << e.what();
  }
}

} // namespace xcc::weights::test
