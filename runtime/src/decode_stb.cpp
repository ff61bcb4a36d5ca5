//===- decode_stb.cpp - PNG/GIF/BMP decoding via stb_image ----------------===//
//
// stb_image's 3-channel request converts the same way TF's decoders do for
// channels=3: grey is replicated, alpha is dropped (not composited), 16-bit
// PNG keeps the high byte, and a GIF yields its first frame.
//
//===----------------------------------------------------------------------===//

#include "decoders.h"
#include "xcc/runtime/error.h"

#include <climits>
#include <cstring>
#include <memory>
#include <stb_image.h>

namespace xcc::rt::detail {

ImageU8 decodeWithStb(const uint8_t *bytes, size_t size,
                      const std::string &name) {
  if (size > static_cast<size_t>(INT_MAX))
    throw DecodeError(name, "file larger than 2 GiB");
  int width = 0, height = 0, fileChannels = 0;
  if (stbi_info_from_memory(bytes, static_cast<int>(size), &width, &height, &fileChannels))
    checkImageSize(width, height, name); // before stb allocates what the header claims
  // Depending on how libstb was built its failure reason may be shared
  // between threads, so under concurrency the reason text is best-effort;
  // the failure itself is always detected from the null result.
  std::unique_ptr<stbi_uc, void (*)(void *)> pixels(
      stbi_load_from_memory(bytes, static_cast<int>(size), &width, &height,
                            &fileChannels, 3),
      stbi_image_free);
  if (!pixels) {
    const char *why = stbi_failure_reason();
    throw DecodeError(name, std::string("corrupt or truncated image: ") +
                                (why ? why : "unknown stb_image failure"));
  }
  checkImageSize(width, height, name);
  ImageU8 image(height, width, 3);
  std::memcpy(image.data.data(), pixels.get(), image.data.size());
  return image;
}

} // namespace xcc::rt::detail
