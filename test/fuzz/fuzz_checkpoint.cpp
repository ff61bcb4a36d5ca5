// Checkpoints: header JSON (fit's state, history, callbacks), tensor table, values, checksum.
#include "fuzz_input.h"
#include "xcc/runtime/checkpoint.h"
#include "xcc/runtime/fit.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    xcc::rt::Checkpoint c = xcc::rt::readCheckpoint(xcc::fuzz::asFile(data, size, "c.xcc"));
    xcc::rt::checkpointPhases(c);
    xcc::rt::checkpointClassNames(c);
  } catch (const std::exception &) {
  }
  return 0;
}
