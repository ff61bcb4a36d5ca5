//===- decode.cpp - Format sniffing and file reading ----------------------===//

#include "decoders.h"
#include "xcc/runtime/error.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace xcc::rt {

ImageFormat sniffImageFormat(const uint8_t *bytes, size_t size) {
  auto startsWith = [&](const char *magic, size_t n) {
    return size >= n && std::memcmp(bytes, magic, n) == 0;
  };
  if (startsWith("\xFF\xD8\xFF", 3))
    return ImageFormat::Jpeg;
  if (startsWith("\x89PNG\r\n\x1A\n", 8))
    return ImageFormat::Png;
  if (startsWith("GIF87a", 6) || startsWith("GIF89a", 6))
    return ImageFormat::Gif;
  if (startsWith("BM", 2))
    return ImageFormat::Bmp;
  return ImageFormat::Unknown;
}

ImageU8 decodeImage(const uint8_t *bytes, size_t size,
                    const std::string &name) {
  if (size == 0)
    throw DecodeError(name, "file is empty");
  switch (sniffImageFormat(bytes, size)) {
  case ImageFormat::Jpeg:
    return detail::decodeJpeg(bytes, size, name);
  case ImageFormat::Png:
  case ImageFormat::Gif:
  case ImageFormat::Bmp:
    return detail::decodeWithStb(bytes, size, name);
  case ImageFormat::Unknown:
    break;
  }
  throw DecodeError(name, "unknown image format (not JPEG, PNG, GIF or BMP "
                          "by its leading bytes)");
}

ImageU8 decodeImageFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw DecodeError(path, std::string("cannot open file: ") +
                                std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad())
    throw DecodeError(path, "read error");
  return decodeImage(bytes.data(), bytes.size(), path);
}

ImageF32 toFloat(const ImageU8 &image) {
  ImageF32 out(image.height, image.width, image.channels);
  for (size_t i = 0; i < image.data.size(); ++i)
    out.data[i] = static_cast<float>(image.data[i]);
  return out;
}

} // namespace xcc::rt
