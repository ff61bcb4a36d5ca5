//===- image.h - Decoded images ---------------------------------*- C++ -*-===//
//
// Images are row-major HxWxC (channels last, as Keras's default data format).
// Decoding always yields RGB, matching tf.image.decode_image(channels=3),
// which is what image_dataset_from_directory uses with color_mode="rgb".
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_IMAGE_H
#define XCC_RUNTIME_IMAGE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace xcc::rt {

template <typename T> struct ImageBuffer {
  int height = 0;
  int width = 0;
  int channels = 3;
  std::vector<T> data; // height * width * channels values

  ImageBuffer() = default;
  ImageBuffer(int h, int w, int c = 3)
      : height(h), width(w), channels(c),
        data(static_cast<size_t>(h) * w * c) {}

  T &at(int y, int x, int c) {
    return data[(static_cast<size_t>(y) * width + x) * channels + c];
  }
  const T &at(int y, int x, int c) const {
    return data[(static_cast<size_t>(y) * width + x) * channels + c];
  }
};

using ImageU8 = ImageBuffer<uint8_t>;
using ImageF32 = ImageBuffer<float>;

/// Container formats recognised by their leading bytes, as TF's
/// decode_image does; the file extension is not trusted.
enum class ImageFormat { Jpeg, Png, Gif, Bmp, Unknown };

ImageFormat sniffImageFormat(const uint8_t *bytes, size_t size);

/// Decodes JPEG (libjpeg-turbo), PNG, GIF (first frame) or BMP (stb_image)
/// into 8-bit RGB. Grey, grey+alpha, RGBA and CMYK inputs are converted the
/// way TF converts them. `name` is only used in error messages.
/// Throws DecodeError (never aborts) on corrupt or truncated data.
ImageU8 decodeImage(const uint8_t *bytes, size_t size,
                    const std::string &name);

/// Reads `path` and decodes it; throws DecodeError naming the path. Only regular files are read: a FIFO, device
/// or socket (also behind a symlink) is refused without reading from it, so it can neither block nor stream.
ImageU8 decodeImageFile(const std::string &path);

/// The most pixels (width x height) an image may declare in its header; larger ones are refused before any
/// pixel is decoded, so a small file cannot make the decoder allocate gigabytes. The default is Pillow's
/// MAX_IMAGE_PIXELS (89,478,485: a quarter GiB of 24-bit pixels); the CLIs' --max-image-pixels changes it.
constexpr uint64_t kDefaultMaxImagePixels = 89478485;
void setMaxImagePixels(uint64_t pixels);
uint64_t maxImagePixels();

/// uint8 -> float32 without rescaling (Keras applies Rescaling separately).
ImageF32 toFloat(const ImageU8 &image);

} // namespace xcc::rt

#endif // XCC_RUNTIME_IMAGE_H
