// The blocking of a tile GEMM, shared by the hardware and the emulated tile unit (each .cpp instantiates it).
//
// Eight tiles of 16 rows x 64 bytes: C is a 2 x 2 block of tiles (32 rows x 32 float32 columns, tmm0-3), fed by
// two A tiles (16 rows x 32 bf16 of K, tmm4-5) and two B tiles (16 pairs of K x 16 columns, tmm6-7): 4 tdpbf16ps
// per 4 loads, the most the eight tiles allow. K runs innermost, so C never leaves its tiles until the block is
// done; the columns run outermost, so a 32-column panel of B (K x 128 bytes, at most 192 KiB for Xception's
// K = 1536) stays in L2 while the rows stream past it. Not tuned: no machine with AMX has measured it yet.
//
// Edges: the last block's rows, when they do not fill its tiles, are copied once into a zero-padded scratch; a
// block with fewer than 32 columns uses one B tile when 16 suffice (B is readable up to the next 16 columns,
// Gemm's contract) and stores C through a scratch, from which only the real rows and columns are copied.
#ifndef XCC_AMX_BLOCKING_H
#define XCC_AMX_BLOCKING_H

#include "xcc/amx/tiles.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace xcc::amx::detail {

constexpr int kRows = 16;     // rows of a tile
constexpr int kTileK = 32;    // bf16 values of K per A tile row (64 bytes)
constexpr int kTileCols = 16; // float32 columns of a C tile (64 bytes)

/// One 32 x 32 (or smaller) block of C: `mt` x `nt` tiles, accumulated over all of K, then stored.
template <class Tiles, int MT, int NT>
void block(Tiles &t, const uint16_t *a, int64_t aRow, const uint16_t *b, int64_t bRow, int64_t k, float *c,
           int64_t cRow) {
  t.template zero<0>();
  if constexpr (NT > 1)
    t.template zero<1>();
  if constexpr (MT > 1)
    t.template zero<2>();
  if constexpr (MT > 1 && NT > 1)
    t.template zero<3>();
  for (int64_t k0 = 0; k0 < k; k0 += kTileK) {
    t.template load<4>(a + k0, aRow * 2);
    if constexpr (MT > 1)
      t.template load<5>(a + kRows * aRow + k0, aRow * 2);
    const uint16_t *bk = b + (k0 / 2) * bRow;
    t.template load<6>(bk, bRow * 2);
    if constexpr (NT > 1)
      t.template load<7>(bk + 2 * kTileCols, bRow * 2);
    t.template dot<0, 4, 6>();
    if constexpr (NT > 1)
      t.template dot<1, 4, 7>();
    if constexpr (MT > 1)
      t.template dot<2, 5, 6>();
    if constexpr (MT > 1 && NT > 1)
      t.template dot<3, 5, 7>();
  }
  t.template store<0>(c, cRow * 4);
  if constexpr (NT > 1)
    t.template store<1>(c + kTileCols, cRow * 4);
  if constexpr (MT > 1)
    t.template store<2>(c + kRows * cRow, cRow * 4);
  if constexpr (MT > 1 && NT > 1)
    t.template store<3>(c + kRows * cRow + kTileCols, cRow * 4);
}

template <class Tiles>
void blockOf(Tiles &t, int mt, int nt, const uint16_t *a, int64_t aRow, const uint16_t *b, int64_t bRow, int64_t k,
             float *c, int64_t cRow) {
  if (mt == 2 && nt == 2)
    block<Tiles, 2, 2>(t, a, aRow, b, bRow, k, c, cRow);
  else if (mt == 2)
    block<Tiles, 2, 1>(t, a, aRow, b, bRow, k, c, cRow);
  else if (nt == 2)
    block<Tiles, 1, 2>(t, a, aRow, b, bRow, k, c, cRow);
  else
    block<Tiles, 1, 1>(t, a, aRow, b, bRow, k, c, cRow);
}

template <class Tiles> void blockedMultiply(const Gemm &g) {
  Tiles t;
  // The last block's rows, zero-padded to whole tiles: copied once, read by every column block.
  thread_local std::vector<uint16_t> rowsScratch;
  const int64_t lastM0 = (g.m - 1) / (2 * kRows) * (2 * kRows), lastRows = g.m - lastM0;
  const int lastMt = lastRows > kRows ? 2 : 1;
  const bool padLast = lastRows < lastMt * kRows;
  if (padLast) {
    rowsScratch.assign(size_t(lastMt * kRows * g.k), 0);
    for (int64_t r = 0; r < lastRows; ++r)
      std::memcpy(&rowsScratch[size_t(r * g.k)], g.a + (lastM0 + r) * g.aRow, size_t(g.k) * 2);
  }
  float cScratch[2 * kRows * 2 * kTileCols];
  for (int64_t n0 = 0; n0 < g.n; n0 += 2 * kTileCols) {
    int64_t cols = std::min<int64_t>(g.n - n0, 2 * kTileCols);
    int nt = cols > kTileCols ? 2 : 1;
    for (int64_t m0 = 0; m0 < g.m; m0 += 2 * kRows) {
      int64_t rows = std::min<int64_t>(g.m - m0, 2 * kRows);
      int mt = rows > kRows ? 2 : 1;
      const bool padded = padLast && m0 == lastM0;
      const uint16_t *a = padded ? rowsScratch.data() : g.a + m0 * g.aRow;
      const int64_t aRow = padded ? g.k : g.aRow;
      float *c = g.c + m0 * g.cRow + n0;
      if (rows == mt * kRows && cols == nt * kTileCols) {
        blockOf(t, mt, nt, a, aRow, g.b + 2 * n0, g.bRow, g.k, c, g.cRow);
        continue;
      }
      const int64_t scratchRow = 2 * kTileCols;
      blockOf(t, mt, nt, a, aRow, g.b + 2 * n0, g.bRow, g.k, cScratch, scratchRow);
      for (int64_t r = 0; r < rows; ++r)
        std::memcpy(c + r * g.cRow, cScratch + r * scratchRow, size_t(cols) * 4);
    }
  }
}

} // namespace xcc::amx::detail

#endif // XCC_AMX_BLOCKING_H
