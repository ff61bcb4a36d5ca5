// Helpers of the TensorFlow.js oracle tests (test/oracle): real photos through xcc's runtime preprocessing, the
// float32 tensor files shared with tfjs_forward.js, running node, and the element-wise comparison.
#ifndef XCC_TEST_ORACLE_ORACLE_UTIL_H
#define XCC_TEST_ORACLE_ORACLE_UTIL_H

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct halide_buffer_t;

namespace xcc::oracle {

/// The first `perClass` photos (by file name) of cats_vs_dogs/cats and of cats_vs_dogs/dogs under the shared data
/// folder; throws (the test fails, it does not skip) if the folder or the photos are missing.
std::vector<std::filesystem::path> realPhotos(size_t perClass);

/// Decodes each photo and resizes it to size x size with xcc's runtime (Keras bilinear, no crop), then maps every
/// value v in 0..255 to v * scale + offset. Returns the NHWC batch.
std::vector<float> preprocess(const std::vector<std::filesystem::path> &photos, int size, float scale,
                              float offset);

void writeFloats(const std::filesystem::path &path, const std::vector<float> &v);
std::vector<float> readFloats(const std::filesystem::path &path);

/// Runs tfjs_forward.js (wasm backend) on the NHWC float32 file `in`; the outputs land in `out`. `cutAt` may be
/// empty (whole model). Returns the script's JSON line; throws with node's stderr when it fails.
std::string runTfjs(const std::string &modelJson, const std::string &cutAt, const std::filesystem::path &in,
                    const std::vector<int64_t> &shape, const std::filesystem::path &out);

/// Element-wise agreement under |got - want| <= relTol * max|want| + absTol.
struct Diff {
  double maxAbs = 0;  // max |got - want|
  double maxRel = 0;  // max |got - want| / |want| over the elements with |want| >= 1% of max|want|
  double maxRef = 0;  // max |want|
  double tol = 0;     // relTol * maxRef + absTol
  size_t worst = 0;   // index of maxAbs
  size_t over = 0;    // elements over tol (NaN included)
};
Diff compare(const std::vector<float> &got, const std::vector<float> &want, double relTol, double absTol);

/// One line: what, max|tfjs|, max abs diff, max rel diff, the tolerance and the count over it.
void printDiff(const std::string &what, const Diff &d, double relTol, double absTol);

/// The work folder for the tensor files (created).
std::filesystem::path workDir();

/// A whole model that xcc compiled with its weights: (NHWC float32 input batch, [N, classes] output) -> 0 on success.
using ForwardFn = int (*)(halide_buffer_t *, halide_buffer_t *);

/// One of nsfwjs's models, whole: `photosPerClass` cats and as many dogs, resized to size x size by xcc's runtime and
/// scaled to [0, 1] (nsfwjs's scaling), through `forward` and through TF.js on `modelJson`. Prints both outputs per
/// photo and the diff line, and fails the current test (gtest) unless every output satisfies
/// |xcc - tfjs| <= relTol * max|tfjs| + absTol.
void checkWholeModel(const std::string &what, ForwardFn forward, const std::string &modelJson, int size, int classes,
                     size_t photosPerClass, double relTol, double absTol);

} // namespace xcc::oracle

#endif // XCC_TEST_ORACLE_ORACLE_UTIL_H
