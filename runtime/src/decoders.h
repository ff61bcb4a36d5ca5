//===- decoders.h - Per-format decoders (internal) --------------*- C++ -*-===//
#ifndef XCC_RUNTIME_SRC_DECODERS_H
#define XCC_RUNTIME_SRC_DECODERS_H

#include "xcc/runtime/image.h"

namespace xcc::rt::detail {

ImageU8 decodeJpeg(const uint8_t *bytes, size_t size, const std::string &name);
ImageU8 decodeWithStb(const uint8_t *bytes, size_t size,
                      const std::string &name);

} // namespace xcc::rt::detail

#endif // XCC_RUNTIME_SRC_DECODERS_H
