// xcc_amx_gemm_bf16: Halide's extern-stage protocol around multiply(). The pipeline computes it per task (a row
// of pixels, or a panel of channels of one image: schedules/forward_schedule.cpp), with `a` realized for the same
// pixels, so that the pixels usually flatten into one long GEMM.
#include "xcc/amx/tiles.h"

#include <cstddef>
#include <vector>

namespace xcc::amx {
namespace {

bool isBoundsQuery(const xcc_buffer_t *b) { return b->host == nullptr && b->device == 0; }
bool isType(const xcc_buffer_t *b, uint8_t code, uint8_t bits) {
  return b->type.code == code && b->type.bits == bits && b->type.lanes == 1;
}
int64_t roundUp16(int64_t v) { return (v + 15) / 16 * 16; }

/// One pixel dimension of c, with its strides in a and c.
struct PixelDim {
  int64_t extent, aStride, cStride;
};

/// Runs the GEMM over c's pixels: the innermost run of pixel dimensions that are contiguous in both a and c
/// makes one GEMM's rows; the rest loop around it.
void multiplyPixels(const Gemm &shape, const uint16_t *a, float *c, std::vector<PixelDim> dims) {
  while (dims.size() > 1 && dims[1].aStride == dims[0].aStride * dims[0].extent &&
         dims[1].cStride == dims[0].cStride * dims[0].extent) {
    dims[0].extent *= dims[1].extent;
    dims.erase(dims.begin() + 1);
  }
  int64_t outer = 1;
  for (std::size_t d = 1; d < dims.size(); ++d)
    outer *= dims[d].extent;
  for (int64_t i = 0; i < outer; ++i) {
    int64_t aOffset = 0, cOffset = 0, rest = i;
    for (std::size_t d = 1; d < dims.size(); ++d) {
      int64_t coord = rest % dims[d].extent;
      rest /= dims[d].extent;
      aOffset += coord * dims[d].aStride;
      cOffset += coord * dims[d].cStride;
    }
    Gemm g = shape;
    g.a = a + aOffset;
    g.aRow = dims[0].aStride;
    g.c = c + cOffset;
    g.cRow = dims[0].cStride;
    g.m = dims[0].extent;
    multiply(g, defaultUnit());
  }
}

} // namespace
} // namespace xcc::amx

extern "C" int xcc_amx_gemm_bf16(xcc_buffer_t *a, xcc_buffer_t *b, int32_t k, xcc_buffer_t *c) {
  using namespace xcc::amx;
  if (c->dimensions != 4 || a->dimensions != 4 || b->dimensions < 3 || k <= 0 || k % 32 != 0)
    return -1;
  const xcc_dimension_t *cd = c->dim;
  bool query = false;
  if (isBoundsQuery(a)) {
    a->dim[0].min = 0;
    a->dim[0].extent = k;
    for (int d = 1; d < 4; ++d) {
      a->dim[d].min = cd[d].min;
      a->dim[d].extent = cd[d].extent;
    }
    query = true;
  }
  if (isBoundsQuery(b)) {
    b->dim[0].min = 0;
    b->dim[0].extent = 2;
    b->dim[1].min = cd[0].min;
    b->dim[1].extent = int32_t(roundUp16(cd[0].extent));
    b->dim[2].min = 0;
    b->dim[2].extent = k / 2;
    for (int d = 3; d < b->dimensions; ++d) {
      b->dim[d].min = 0;
      b->dim[d].extent = 1;
    }
    query = true;
  }
  if (query)
    return 0;
  if (!isType(a, XCC_TYPE_BFLOAT, 16) || !isType(b, XCC_TYPE_BFLOAT, 16) || !isType(c, XCC_TYPE_FLOAT, 32) ||
      a->dim[0].stride != 1 || b->dim[0].stride != 1 || b->dim[0].min != 0 || b->dim[1].stride != 2 || cd[0].stride != 1 ||
      a->dim[0].min > 0 || a->dim[0].min + a->dim[0].extent < k || b->dim[2].min > 0 ||
      b->dim[2].min + b->dim[2].extent < k / 2 || b->dim[1].min > cd[0].min ||
      b->dim[1].min + b->dim[1].extent < cd[0].min + roundUp16(cd[0].extent))
    return -1;
  // Element offsets of c's first pixel in a, and of its first column (k = 0) in b.
  int64_t aOffset = -int64_t(a->dim[0].min);
  for (int d = 1; d < 4; ++d)
    aOffset += int64_t(cd[d].min - a->dim[d].min) * a->dim[d].stride;
  int64_t bOffset = int64_t(cd[0].min - b->dim[1].min) * 2 - int64_t(b->dim[2].min) * b->dim[2].stride;
  for (int d = 3; d < b->dimensions; ++d)
    bOffset -= int64_t(b->dim[d].min) * b->dim[d].stride;
  Gemm shape;
  shape.b = reinterpret_cast<const uint16_t *>(b->host) + bOffset;
  shape.bRow = b->dim[2].stride;
  shape.n = cd[0].extent;
  shape.k = k;
  std::vector<PixelDim> pixels;
  for (int d = 1; d < 4; ++d)
    pixels.push_back({cd[d].extent, a->dim[d].stride, cd[d].stride});
  multiplyPixels(shape, reinterpret_cast<const uint16_t *>(a->host) + aOffset, reinterpret_cast<float *>(c->host),
                 pixels);
  return 0;
}
