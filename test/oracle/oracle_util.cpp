#include "oracle_util.h"

#include "xcc/runtime/image.h"
#include "xcc/runtime/resize.h"

#include "HalideBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace xcc::oracle {
namespace {

std::vector<fs::path> firstImages(const fs::path &dir, size_t n) {
  std::vector<fs::path> files;
  if (fs::is_directory(dir))
    for (const auto &e : fs::directory_iterator(dir))
      if (e.is_regular_file())
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (files.size() < n)
    throw std::runtime_error(dir.string() + ": need " + std::to_string(n) + " photos, found " +
                             std::to_string(files.size()));
  files.resize(n);
  return files;
}

std::string readText(const fs::path &path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string quote(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

} // namespace

std::vector<fs::path> realPhotos(size_t perClass) {
  const fs::path data = fs::path(XCC_SHARED_DATA_DIR) / "cats_vs_dogs";
  std::vector<fs::path> photos = firstImages(data / "cats", perClass);
  for (const auto &p : firstImages(data / "dogs", perClass))
    photos.push_back(p);
  return photos;
}

std::vector<float> preprocess(const std::vector<fs::path> &photos, int size, float scale, float offset) {
  std::vector<float> batch;
  batch.reserve(photos.size() * size * size * 3);
  for (const auto &p : photos) {
    xcc::rt::ImageF32 img = xcc::rt::kerasResize(xcc::rt::decodeImageFile(p.string()), size, size);
    if (img.channels != 3 || img.height != size || img.width != size)
      throw std::runtime_error(p.string() + ": preprocessing did not give " + std::to_string(size) + "x" +
                               std::to_string(size) + "x3");
    for (float v : img.data)
      batch.push_back(v * scale + offset);
  }
  return batch;
}

void writeFloats(const fs::path &path, const std::vector<float> &v) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char *>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float)));
  if (!f)
    throw std::runtime_error("cannot write " + path.string());
}

std::vector<float> readFloats(const fs::path &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw std::runtime_error("cannot read " + path.string());
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<float> v(bytes.size() / sizeof(float));
  std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
  return v;
}

std::string runTfjs(const std::string &modelJson, const std::string &cutAt, const fs::path &in,
                    const std::vector<int64_t> &shape, const fs::path &out) {
  std::string node = XCC_NODE;
  if (node.empty() || node.find("NOTFOUND") != std::string::npos)
    throw std::runtime_error("node was not found when CMake configured; install Node.js (18+) and reconfigure");
  fs::path script = fs::path(XCC_ORACLE_DIR) / "tfjs_forward.js";
  fs::path modules = fs::path(XCC_ORACLE_DIR) / "node_modules" / "@tensorflow" / "tfjs-backend-wasm";
  if (!fs::exists(modules))
    throw std::runtime_error(modules.string() + " is missing: run 'bash scripts/install-npm-deps.sh' "
                             "(scripts/test.sh does)");
  std::string shapeArg;
  for (size_t i = 0; i < shape.size(); ++i)
    shapeArg += (i ? "," : "") + std::to_string(shape[i]);
  fs::remove(out);
  fs::path log = out.string() + ".log", err = out.string() + ".err";
  std::string cmd = quote(node) + " " + quote(script.string()) + " --model " + quote(modelJson) +
                    (cutAt.empty() ? "" : " --cut-at " + quote(cutAt)) + " --input " + quote(in.string()) +
                    " --shape " + shapeArg + " --output " + quote(out.string()) + " --backend wasm > " +
                    quote(log.string()) + " 2> " + quote(err.string());
  int rc = std::system(cmd.c_str());
  if (rc != 0)
    throw std::runtime_error("tfjs_forward.js failed (status " + std::to_string(rc) + "): " + readText(err) +
                             "\ncommand: " + cmd);
  return readText(log);
}

Diff compare(const std::vector<float> &got, const std::vector<float> &want, double relTol, double absTol) {
  if (got.size() != want.size())
    throw std::runtime_error("compare: " + std::to_string(got.size()) + " vs " + std::to_string(want.size()) +
                             " values");
  Diff d;
  for (float w : want)
    d.maxRef = std::max(d.maxRef, static_cast<double>(std::fabs(w)));
  d.tol = relTol * d.maxRef + absTol;
  for (size_t i = 0; i < want.size(); ++i) {
    double a = std::fabs(static_cast<double>(got[i]) - want[i]);
    if (!(a <= d.tol)) // NaN counts as over
      ++d.over;
    if (!(a <= d.maxAbs)) {
      d.maxAbs = a;
      d.worst = i;
    }
    if (std::fabs(want[i]) >= 0.01 * d.maxRef && std::fabs(want[i]) > 0)
      d.maxRel = std::max(d.maxRel, a / std::fabs(want[i]));
  }
  return d;
}

void printDiff(const std::string &what, const Diff &d, double relTol, double absTol) {
  std::printf("%s: max|tfjs| = %.6g, max abs diff = %.3g, max rel diff = %.3g (|tfjs| >= 1%% of max), "
              "tolerance = %g * max|tfjs| + %g = %.3g, elements over: %zu\n",
              what.c_str(), d.maxRef, d.maxAbs, d.maxRel, relTol, absTol, d.tol, d.over);
}

fs::path workDir() {
  fs::path work = XCC_ORACLE_WORK_DIR;
  fs::create_directories(work);
  return work;
}

void checkWholeModel(const std::string &what, ForwardFn forward, const std::string &modelJson, int size, int classes,
                     size_t photosPerClass, double relTol, double absTol) {
  std::vector<fs::path> photos = realPhotos(photosPerClass);
  const int n = static_cast<int>(photos.size());
  std::vector<float> input = preprocess(photos, size, 1.0f / 255.0f, 0.0f);
  fs::path inFile = workDir() / (what + "_input.f32"), outFile = workDir() / (what + "_tfjs.f32");
  writeFloats(inFile, input);

  std::vector<float> got(static_cast<size_t>(n) * classes);
  Halide::Runtime::Buffer<float> inBuf(input.data(), {3, size, size, n});
  Halide::Runtime::Buffer<float> outBuf(got.data(), {classes, n});
  ASSERT_EQ(forward(inBuf.raw_buffer(), outBuf.raw_buffer()), 0);

  std::string info = runTfjs(modelJson, "", inFile, {n, size, size, 3}, outFile);
  std::vector<float> want = readFloats(outFile);
  ASSERT_EQ(want.size(), got.size()) << "tfjs wrote " << want.size() << " floats; " << info;
  std::printf("%s, tfjs: %s", what.c_str(), info.c_str());
  for (int b = 0; b < n; ++b) {
    std::printf("%s\n  xcc ", photos[b].filename().c_str());
    for (int k = 0; k < classes; ++k)
      std::printf(" %.6f", got[b * classes + k]);
    std::printf("\n  tfjs");
    for (int k = 0; k < classes; ++k)
      std::printf(" %.6f", want[b * classes + k]);
    std::printf("\n");
  }
  Diff d = compare(got, want, relTol, absTol);
  printDiff(what + " outputs [" + std::to_string(n) + "," + std::to_string(classes) + "]", d, relTol, absTol);
  EXPECT_EQ(d.over, 0u) << "worst element " << d.worst << ": xcc " << got[d.worst] << ", tfjs " << want[d.worst];
}

} // namespace xcc::oracle
