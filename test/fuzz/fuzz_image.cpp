// Image decoding (JPEG, PNG, BMP, GIF with their integrity checks) and Keras's resize of whatever decodes.
#include "xcc/runtime/error.h"
#include "xcc/runtime/image.h"
#include "xcc/runtime/resize.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The limit's own logic is the same at any value; a small one keeps each run fast and within libFuzzer's memory
  // limit, where the default would let a 100-byte header ask for a 268 MB image.
  xcc::rt::setMaxImagePixels(1 << 20);
  try {
    xcc::rt::ImageU8 image = xcc::rt::decodeImage(data, size, "fuzz");
    xcc::rt::kerasResize(image, 17, 23);
  } catch (const xcc::rt::DecodeError &) {
  }
  return 0;
}
