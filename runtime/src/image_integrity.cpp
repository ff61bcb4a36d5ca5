//===- image_integrity.cpp - strict structure checks before stb_image -----===//
//
// stb_image is lenient: it decodes a truncated BMP or GIF with the missing rows left at zero, and ignores PNG
// chunk CRCs and a zlib stream that ends early. TensorFlow's decoders (libpng, giflib) refuse such files, and a
// training set should not learn from half-black images without anyone being told. These checks walk the file's
// structure (no pixels) and refuse what is truncated or corrupt, so the loader skips and lists it.
//
//===----------------------------------------------------------------------===//

#include "decoders.h"
#include "xcc/runtime/error.h"

#include <cstdlib>
#include <string>
#include <vector>
#include <zlib.h>

namespace xcc::rt::detail {
namespace {

uint32_t bigEndian32(const uint8_t *p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }
uint32_t littleEndian32(const uint8_t *p) { return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24; }
uint16_t littleEndian16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }

/// Inflates the PNG's image data to nowhere: the zlib stream must end, with its checksum, before the data does.
void checkZlibStream(const std::vector<uint8_t> &idat, const std::string &name) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK)
    throw DecodeError(name, "cannot start zlib");
  std::vector<uint8_t> sink(1 << 16);
  z.next_in = const_cast<Bytef *>(idat.data());
  z.avail_in = uInt(idat.size());
  int status = Z_OK;
  while (status == Z_OK) {
    z.next_out = sink.data();
    z.avail_out = uInt(sink.size());
    status = inflate(&z, Z_NO_FLUSH);
    if (status == Z_BUF_ERROR && z.avail_in == 0)
      break; // the input ended inside the stream
  }
  inflateEnd(&z);
  if (status != Z_STREAM_END)
    throw DecodeError(name, status == Z_DATA_ERROR ? "corrupt PNG: the compressed image data is damaged"
                                                   : "truncated PNG: the compressed image data ends early");
}

void checkPng(const uint8_t *bytes, size_t size, const std::string &name) {
  std::vector<uint8_t> idat;
  for (size_t at = 8; at + 12 <= size;) {
    const uint32_t length = bigEndian32(bytes + at);
    if (length > size - at - 12)
      break;
    const uint8_t *type = bytes + at + 4;
    const std::string chunk(reinterpret_cast<const char *>(type), 4);
    if (crc32(crc32(0, type, 4), type + 4, length) != bigEndian32(type + 4 + length))
      throw DecodeError(name, "corrupt PNG: the CRC of chunk '" + chunk + "' does not match its data");
    if (chunk == "IDAT")
      idat.insert(idat.end(), type + 4, type + 4 + length);
    if (chunk == "IEND") {
      checkZlibStream(idat, name);
      return;
    }
    at += 12 + length;
  }
  throw DecodeError(name, "truncated PNG: the file ends before its IEND chunk");
}

void checkBmp(const uint8_t *bytes, size_t size, const std::string &name) {
  if (size < 26)
    throw DecodeError(name, "truncated BMP: the file ends inside its header");
  const uint32_t dataOffset = littleEndian32(bytes + 10), headerSize = littleEndian32(bytes + 14);
  int64_t width, height;
  uint32_t bitsPerPixel, compression = 0;
  if (headerSize == 12) { // OS/2 BITMAPCOREHEADER
    width = littleEndian16(bytes + 18);
    height = littleEndian16(bytes + 20);
    bitsPerPixel = littleEndian16(bytes + 24);
  } else {
    if (size < 34)
      throw DecodeError(name, "truncated BMP: the file ends inside its header");
    width = int32_t(littleEndian32(bytes + 18));
    height = int32_t(littleEndian32(bytes + 22));
    bitsPerPixel = littleEndian16(bytes + 28);
    compression = littleEndian32(bytes + 30);
  }
  if (compression != 0 && compression != 3 && compression != 6)
    return; // run-length encoded: its length follows from the data, which stb checks as it decodes
  const uint64_t rowBytes = (uint64_t(std::llabs(width)) * bitsPerPixel + 31) / 32 * 4;
  const uint64_t needed = uint64_t(dataOffset) + rowBytes * uint64_t(std::llabs(height));
  if (size < needed)
    throw DecodeError(name, "truncated BMP: the header's " + std::to_string(std::llabs(width)) + "x" +
                                std::to_string(std::llabs(height)) + " pixels need " + std::to_string(needed) +
                                " bytes, the file has " + std::to_string(size));
}

/// Walks a GIF's blocks up to the end of its first image (the frame stb_image and TensorFlow decode).
void checkGif(const uint8_t *bytes, size_t size, const std::string &name) {
  const auto truncated = [&] { return DecodeError(name, "truncated GIF: the file ends before its first image does"); };
  const auto colorTable = [](uint8_t packed) { return packed & 0x80 ? size_t(3) << ((packed & 7) + 1) : size_t(0); };
  const auto skipSubBlocks = [&](size_t at) {
    while (true) {
      if (at >= size)
        throw truncated();
      if (bytes[at] == 0)
        return at + 1;
      at += 1 + bytes[at];
    }
  };
  if (size < 13)
    throw truncated();
  size_t at = 13 + colorTable(bytes[10]);
  while (true) {
    if (at >= size)
      throw truncated();
    if (bytes[at] == 0x21) { // extension: label, then data sub-blocks
      at = skipSubBlocks(at + 2);
    } else if (bytes[at] == 0x2C) { // image descriptor, local colour table, LZW code size, data sub-blocks
      if (at + 10 > size)
        throw truncated();
      at += 10 + colorTable(bytes[at + 9]);
      skipSubBlocks(at + 1);
      return;
    } else {
      throw DecodeError(name, "corrupt GIF: no image before byte " + std::to_string(at));
    }
  }
}

} // namespace

void checkImageIntegrity(ImageFormat format, const uint8_t *bytes, size_t size, const std::string &name) {
  switch (format) {
  case ImageFormat::Png:
    return checkPng(bytes, size, name);
  case ImageFormat::Bmp:
    return checkBmp(bytes, size, name);
  case ImageFormat::Gif:
    return checkGif(bytes, size, name);
  default:
    return; // JPEG: libjpeg-turbo reports truncation itself (decode_jpeg.cpp)
  }
}

} // namespace xcc::rt::detail
