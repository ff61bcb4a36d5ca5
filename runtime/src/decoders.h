//===- decoders.h - Per-format decoders (internal) --------------*- C++ -*-===//
#ifndef XCC_RUNTIME_SRC_DECODERS_H
#define XCC_RUNTIME_SRC_DECODERS_H

#include "xcc/runtime/image.h"

namespace xcc::rt::detail {

/// Refuses (DecodeError) an image whose header declares no pixels or more than maxImagePixels(); called by each
/// decoder with the header's size, before it allocates the pixels.
void checkImageSize(int64_t width, int64_t height, const std::string &name);

/// Refuses (DecodeError) a PNG, BMP or GIF whose structure says it is truncated or corrupt (image_integrity.cpp).
void checkImageIntegrity(ImageFormat format, const uint8_t *bytes, size_t size, const std::string &name);

ImageU8 decodeJpeg(const uint8_t *bytes, size_t size, const std::string &name);
ImageU8 decodeWithStb(const uint8_t *bytes, size_t size,
                      const std::string &name);

} // namespace xcc::rt::detail

#endif // XCC_RUNTIME_SRC_DECODERS_H
