// Weight files, one target per format: XCC_FUZZ_FILE_NAME ("w.safetensors", "model.json", "w.h5", "m.keras")
// picks which reader loadWeights dispatches to, as a user's file name would. A tfjs model.json's shards are absent
// (its JSON is what is fuzzed).
//
// HDF5 is parsed in its isolated child process, as in the product, unless XCC_FUZZ_HDF5_IN_PROCESS=1. Through the
// child, a sanitizer report in xcc's HDF5 code ends as a clean "reader crashed" error that the fuzzer cannot see,
// and every input costs a fork of this ASan process (~70 ms: 10-20 executions/s). In process, xcc's HDF5 code runs
// under the fuzzer's eyes at ~100x the rate; a crash inside libhdf5 itself (not instrumented, Debian's build) then
// stops the run, which is what the product's child process contains (docs/robustness.md has the long runs).
#include "fuzz_input.h"
#include "xcc/weights/weights.h"

#include <cstdlib>
#include <cstring>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  xcc::weights::LoadOptions options;
  options.allowMissingShards = true;
  options.allowNoWeightsFile = true;
  static const bool inProcess = [] {
    const char *v = std::getenv("XCC_FUZZ_HDF5_IN_PROCESS");
    return v && std::strcmp(v, "1") == 0;
  }();
  options.isolateHdf5 = !inProcess;
  // The product allows a spinning libhdf5 10 s and more; 3 s ends it well inside libFuzzer's -timeout=10.
  options.hdf5TimeoutSeconds = 3;
  try {
    xcc::weights::loadWeights(xcc::fuzz::asFile(data, size, XCC_FUZZ_FILE_NAME), options);
  } catch (const std::exception &) {
  }
  return 0;
}
