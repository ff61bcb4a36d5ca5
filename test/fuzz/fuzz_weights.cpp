// Weight files, one target per format: XCC_FUZZ_FILE_NAME ("w.safetensors", "model.json", "w.h5", "m.keras")
// picks which reader loadWeights dispatches to, as a user's file name would. HDF5 is parsed in its isolated
// child process, as in the product; a tfjs model.json's shards are absent (its JSON is what is fuzzed).
#include "fuzz_input.h"
#include "xcc/weights/weights.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  xcc::weights::LoadOptions options;
  options.allowMissingShards = true;
  options.allowNoWeightsFile = true;
  try {
    xcc::weights::loadWeights(xcc::fuzz::asFile(data, size, XCC_FUZZ_FILE_NAME), options);
  } catch (const std::exception &) {
  }
  return 0;
}
