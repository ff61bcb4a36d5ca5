//===- tiles.h - bf16 GEMMs on AMX tiles, and their portable emulation -*- C++ -*-===//
//
// mixed_bfloat16 artifacts compiled for an AMX target (xcc's target feature `amx_bf16`) run their convolutions'
// forward GEMMs here, called from the Halide pipelines as extern stages. Halide 14 cannot emit them itself: its
// AMX lowering matches one 4-byte reduction per tile instruction (2 bf16 values instead of 32), which caps it at
// FP32 speed, and it never asks Linux for the tile state. Hand-written micro-kernels with gcc's AMX intrinsics
// are the smallest code that uses the tiles fully; MLIR 19's `amx` dialect would need a second code generator
// beside Halide for the same few loops.
//
// The same blocking runs on two tile units: the CPU's (tdpbf16ps) and a plain C++ emulation of its three
// instructions, so that packing, tails and blocking are tested on every machine and the hardware is checked
// against the emulation where it exists (test/amx).
//
//===----------------------------------------------------------------------===//
#ifndef XCC_AMX_TILES_H
#define XCC_AMX_TILES_H

#include "xcc/runtime/abi.h"

#include <cstdint>

namespace xcc::amx {

/// C = A B, with A and B in bf16 (raw bits) and C in float32:
///   A[m][k] at a[m * aRow + k], k < K;
///   B[k][n] at b[(k / 2) * bRow + 2 n + k % 2] (AMX's layout: a row of the tile holds 16 columns' pairs);
///   C[m][n] at c[m * cRow + n].
/// K is a multiple of 32 (the caller zero-pads it), and B is readable, zero, up to n rounded up to 16.
struct Gemm {
  const uint16_t *a = nullptr;
  int64_t aRow = 0;
  const uint16_t *b = nullptr;
  int64_t bRow = 0;
  float *c = nullptr;
  int64_t cRow = 0;
  int64_t m = 0, n = 0, k = 0;
};

enum class Unit {
  Hardware, ///< the CPU's AMX tiles; only where hardwareTiles()
  Emulated, ///< the portable emulation (exact tdpbf16ps arithmetic, no denormal flushing)
};

/// Whether this process may use AMX bf16 tiles: the CPU has them (CPUID), the OS saves their state (XCR0),
/// Linux granted this process the tile data (arch_prctl(ARCH_REQ_XCOMP_PERM)), and xcc was built with the
/// compiler's AMX intrinsics. Asked once; the first call makes the request.
bool hardwareTiles();

/// Multiplies on `unit`.
void multiply(const Gemm &g, Unit unit);

/// The unit the extern stages use: the hardware where hardwareTiles(), the emulation otherwise (only reached
/// when an AMX artifact runs on another CPU, which the runtime allows only with XCC_AMX_EMULATION=1).
Unit defaultUnit();

} // namespace xcc::amx

extern "C" {
/// The extern stage of a tile GEMM (Halide's extern protocol, compiler/Halide/Tiles.cpp defines its use):
///   c(co, x, y, n) = Σ_k a(k, x, y, n) · B[k][co], with a in bf16 over k ∈ [0, k) and
///   b(i, o, p, ...) = B[2p + i][o] in bf16, zero past the real channels.
/// In bounds-query mode (an input without host memory) it names the regions of `a` and `b` that `c` needs.
/// Returns 0, or -1 when the buffers' types or layout are not the ones above.
int xcc_amx_gemm_bf16(xcc_buffer_t *a, xcc_buffer_t *b, int32_t k, xcc_buffer_t *c);
}

#endif // XCC_AMX_TILES_H
