// Image decoding (JPEG, PNG, BMP, GIF with their integrity checks) and Keras's resize of whatever decodes.
#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/resize.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    xcc::rt::ImageU8 image = xcc::rt::decodeImage(data, size, "fuzz");
    xcc::rt::kerasResize(image, 17, 23);
  } catch (const xcc::rt::DecodeError &) {
  }
  return 0;
}
