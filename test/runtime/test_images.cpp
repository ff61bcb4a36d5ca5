//===- test_images.cpp - Fixtures for runtime tests -----------------------===//

#include "test_images.h"

#include <cstdio>
#include <jpeglib.h>
#include <random>
#include <stb_image_write.h>
#include <stdexcept>

namespace xcc::rt::test {

namespace {

std::vector<uint8_t> flatImage(int height, int width,
                               const std::vector<uint8_t> &pixel) {
  std::vector<uint8_t> img;
  for (int i = 0; i < height * width; ++i)
    img.insert(img.end(), pixel.begin(), pixel.end());
  return img;
}

void appendBytes(void *ctx, void *data, int size) {
  auto *out = static_cast<std::vector<uint8_t> *>(ctx);
  auto *bytes = static_cast<uint8_t *>(data);
  out->insert(out->end(), bytes, bytes + size);
}

} // namespace

std::vector<uint8_t> encodeJpeg(int height, int width, int components,
                                const std::vector<uint8_t> &pixel,
                                int quality) {
  return encodeJpegPixels(height, width, components,
                          flatImage(height, width, pixel), quality);
}

std::vector<uint8_t> noiseBytes(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> out(count);
  for (uint8_t &b : out)
    b = static_cast<uint8_t>(rng() & 0xFF);
  return out;
}

std::vector<uint8_t> encodeJpegPixels(int height, int width, int components,
                                      const std::vector<uint8_t> &img,
                                      int quality) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr jerr{};
  cinfo.err = jpeg_std_error(&jerr); // fixtures are valid; default is fine
  jpeg_create_compress(&cinfo);
  unsigned char *mem = nullptr;
  unsigned long memSize = 0;
  jpeg_mem_dest(&cinfo, &mem, &memSize);
  cinfo.image_width = static_cast<JDIMENSION>(width);
  cinfo.image_height = static_cast<JDIMENSION>(height);
  cinfo.input_components = components;
  cinfo.in_color_space =
      components == 1 ? JCS_GRAYSCALE : (components == 4 ? JCS_CMYK : JCS_RGB);
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  const size_t stride = static_cast<size_t>(width) * components;
  while (cinfo.next_scanline < cinfo.image_height) {
    // libjpeg 6b API takes non-const rows but does not write to them.
    JSAMPROW row = const_cast<uint8_t *>(img.data()) +
                   cinfo.next_scanline * stride;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::vector<uint8_t> result(mem, mem + memSize);
  jpeg_destroy_compress(&cinfo);
  std::free(mem);
  return result;
}

std::vector<uint8_t> encodePng(int height, int width, int components,
                               const std::vector<uint8_t> &pixel) {
  std::vector<uint8_t> img = flatImage(height, width, pixel), out;
  stbi_write_png_to_func(appendBytes, &out, width, height, components,
                         img.data(), width * components);
  return out;
}

std::vector<uint8_t> encodePngPixels(int height, int width, int components,
                                     const std::vector<uint8_t> &pixels) {
  std::vector<uint8_t> out;
  stbi_write_png_to_func(appendBytes, &out, width, height, components,
                         pixels.data(), width * components);
  return out;
}

std::vector<uint8_t> encodeBmp(int height, int width, int components,
                               const std::vector<uint8_t> &pixel) {
  std::vector<uint8_t> img = flatImage(height, width, pixel), out;
  stbi_write_bmp_to_func(appendBytes, &out, width, height, components,
                         img.data());
  return out;
}

void makeTenFiles(const TempDir &dir) {
  for (int i = 0; i < 5; ++i) {
    dir.write("cats/c" + std::to_string(i) + ".jpg");
    dir.write("dogs/d" + std::to_string(i) + ".jpg");
  }
}

} // namespace xcc::rt::test
