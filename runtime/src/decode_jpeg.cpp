//===- decode_jpeg.cpp - JPEG decoding via libjpeg-turbo ------------------===//
//
// Decodes with the same choices TF's decode_image makes (IFAST DCT, fancy
// upsampling, CMYK handled by hand) so pixels match what Keras trains on.
// libjpeg reports fatal errors by calling error_exit, which must not return;
// we longjmp back out of it. All C++ objects live in the caller of the
// setjmp frame so no destructor is ever skipped.
//
//===----------------------------------------------------------------------===//

#include "decoders.h"
#include "xcc/runtime/error.h"

#include <csetjmp>
#include <cstdio>
#include <jpeglib.h>
// After jpeglib.h: jerror.h needs its types.
#include <jerror.h>
#include <new>
#include <vector>

namespace xcc::rt::detail {
namespace {

struct ErrorManager {
  jpeg_error_mgr pub; // must be first: libjpeg hands us &pub
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void onError(j_common_ptr cinfo) {
  auto *err = reinterpret_cast<ErrorManager *>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

// Warnings are silenced (many real photos carry harmless "extraneous bytes"
// warnings that TF also ignores), except running out of data: TF's default
// (try_recover_truncated_jpeg=false) rejects truncated files, and libjpeg
// would otherwise pad them with grey.
void onMessage(j_common_ptr cinfo, int level) {
  if (level == -1 && cinfo->err->msg_code == JWRN_JPEG_EOF)
    onError(cinfo);
}

struct Buffers {
  ImageU8 image;
  std::vector<uint8_t> cmykRow;
};

// TF's jpeg_mem.cc conversion: Adobe-written CMYK is stored inverted.
void cmykRowToRgb(const uint8_t *cmyk, uint8_t *rgb, int width, bool adobe) {
  for (int i = 0; i < width; ++i) {
    int c = cmyk[4 * i], m = cmyk[4 * i + 1], y = cmyk[4 * i + 2],
        k = cmyk[4 * i + 3];
    if (adobe) {
      rgb[3 * i] = static_cast<uint8_t>(k * c / 255);
      rgb[3 * i + 1] = static_cast<uint8_t>(k * m / 255);
      rgb[3 * i + 2] = static_cast<uint8_t>(k * y / 255);
    } else {
      rgb[3 * i] = static_cast<uint8_t>((255 - k) * (255 - c) / 255);
      rgb[3 * i + 1] = static_cast<uint8_t>((255 - k) * (255 - m) / 255);
      rgb[3 * i + 2] = static_cast<uint8_t>((255 - k) * (255 - y) / 255);
    }
  }
}

void readScanlines(jpeg_decompress_struct *cinfo, Buffers *buf) {
  bool cmyk = cinfo->out_color_space == JCS_CMYK;
  int width = static_cast<int>(cinfo->output_width);
  while (cinfo->output_scanline < cinfo->output_height) {
    uint8_t *dst = &buf->image.at(static_cast<int>(cinfo->output_scanline),
                                  0, 0);
    JSAMPROW row = cmyk ? buf->cmykRow.data() : dst;
    if (jpeg_read_scanlines(cinfo, &row, 1) != 1)
      return; // cannot happen with an in-memory source; caught by caller
    if (cmyk)
      cmykRowToRgb(row, dst, width, cinfo->saw_Adobe_marker);
  }
}

// Returns false with err->message set when libjpeg fails.
bool runDecompress(jpeg_decompress_struct *cinfo, ErrorManager *err,
                   const uint8_t *bytes, size_t size, Buffers *buf,
                   const std::string &name) {
  if (setjmp(err->jump))
    return false;
  jpeg_create_decompress(cinfo);
  jpeg_mem_src(cinfo, bytes, static_cast<unsigned long>(size));
  jpeg_read_header(cinfo, TRUE);
  checkImageSize(cinfo->image_width, cinfo->image_height, name);
  bool cmyk = cinfo->jpeg_color_space == JCS_CMYK ||
              cinfo->jpeg_color_space == JCS_YCCK;
  cinfo->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  cinfo->dct_method = JDCT_IFAST;
  jpeg_start_decompress(cinfo);
  buf->image = ImageU8(static_cast<int>(cinfo->output_height),
                       static_cast<int>(cinfo->output_width), 3);
  if (cmyk)
    buf->cmykRow.resize(static_cast<size_t>(cinfo->output_width) * 4);
  readScanlines(cinfo, buf);
  if (cinfo->output_scanline < cinfo->output_height)
    return false;
  jpeg_finish_decompress(cinfo);
  return true;
}

} // namespace

ImageU8 decodeJpeg(const uint8_t *bytes, size_t size,
                   const std::string &name) {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = onError;
  err.pub.emit_message = onMessage;
  std::snprintf(err.message, sizeof(err.message), "%s",
                "incomplete scanline data");
  Buffers buf;
  bool ok = false;
  try {
    ok = runDecompress(&cinfo, &err, bytes, size, &buf, name);
  } catch (const DecodeError &) {
    jpeg_destroy_decompress(&cinfo);
    throw;
  } catch (const std::bad_alloc &) {
    jpeg_destroy_decompress(&cinfo);
    throw DecodeError(name, "image too large to allocate");
  }
  jpeg_destroy_decompress(&cinfo);
  if (!ok)
    throw DecodeError(name, std::string("corrupt or truncated JPEG: ") +
                                err.message);
  return std::move(buf.image);
}

} // namespace xcc::rt::detail
