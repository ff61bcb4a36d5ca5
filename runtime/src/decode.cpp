//===- decode.cpp - Format sniffing and file reading ----------------------===//

#include "decoders.h"
#include "xcc/runtime/error.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  const ImageFormat format = sniffImageFormat(bytes, size);
  detail::checkImageIntegrity(format, bytes, size, name);
  switch (format) {
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

namespace {

std::atomic<uint64_t> gMaxImagePixels{kDefaultMaxImagePixels};

/// Closes the descriptor however decodeImageFile leaves.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0)
      ::close(fd);
  }
};

} // namespace

void setMaxImagePixels(uint64_t pixels) { gMaxImagePixels = pixels; }
uint64_t maxImagePixels() { return gMaxImagePixels; }

void detail::checkImageSize(int64_t width, int64_t height, const std::string &name) {
  if (width <= 0 || height <= 0)
    throw DecodeError(name, "the header declares no pixels (" + std::to_string(width) + "x" +
                                std::to_string(height) + ")");
  const uint64_t pixels = uint64_t(width) * uint64_t(height);
  if (pixels > maxImagePixels())
    throw DecodeError(name, "the header declares " + std::to_string(width) + "x" + std::to_string(height) + " = " +
                                std::to_string(pixels) + " pixels, more than the limit of " +
                                std::to_string(maxImagePixels()) + " (--max-image-pixels raises it)");
}

ImageU8 decodeImageFile(const std::string &path) {
  // O_NONBLOCK: opening a FIFO without a writer must not wait; fstat then refuses it unread.
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0)
    throw DecodeError(path, std::string("cannot open file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(file.fd, &st) != 0)
    throw DecodeError(path, std::string("cannot stat file: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw DecodeError(path, "not a regular file (a FIFO, device or socket), not read");
  // stb_image and the pixel limit bound what is decoded; a file beyond 2 GiB is no image this reader decodes.
  if (st.st_size > 0x7fffffff)
    throw DecodeError(path, "file larger than 2 GiB");
  std::vector<uint8_t> bytes(size_t(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(file.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw DecodeError(path, std::string("read error: ") + std::strerror(errno));
    if (n == 0)
      break; // shrank while read: decode what is there, the decoder judges it
    done += size_t(n);
  }
  bytes.resize(done);
  return decodeImage(bytes.data(), bytes.size(), path);
}

ImageF32 toFloat(const ImageU8 &image) {
  ImageF32 out(image.height, image.width, image.channels);
  for (size_t i = 0; i < image.data.size(); ++i)
    out.data[i] = static_cast<float>(image.data[i]);
  return out;
}

} // namespace xcc::rt
