// Which tile unit runs: the CPU's where CPUID, XCR0 and Linux allow it, the emulation otherwise.
#include "xcc/amx/tiles.h"

#include <stdexcept>

#if defined(__x86_64__)
#include <cpuid.h>
#endif
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace xcc::amx {

namespace detail {
void multiplyEmulated(const Gemm &g);
#ifdef XCC_HAVE_AMX_INTRINSICS
void multiplyHardware(const Gemm &g);
#endif
} // namespace detail

namespace {

bool cpuHasAmxBf16() {
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) // OSXSAVE: XCR0 is readable
    return false;
  unsigned lo, hi;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  const bool osTiles = (lo & 0x60000) == 0x60000; // XTILECFG and XTILEDATA state
  if (!osTiles || !__get_cpuid_count(7, 0, &a, &b, &c, &d))
    return false;
  return (d & (1u << 24)) && (d & (1u << 22)); // amx_tile, amx_bf16
#else
  return false;
#endif
}

/// Linux (5.16 and later) keeps the 8 KiB tile data out of a process's saved state until the process asks for
/// it; the first tile instruction without the grant dies of SIGILL.
bool linuxGrantsTileData() {
#if defined(__linux__) && defined(__x86_64__)
  constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtiledata = 18;
  return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
#else
  return false;
#endif
}

} // namespace

bool hardwareTiles() {
#ifdef XCC_HAVE_AMX_INTRINSICS
  static const bool usable = cpuHasAmxBf16() && linuxGrantsTileData();
  return usable;
#else
  return false;
#endif
}

void multiply(const Gemm &g, Unit unit) {
  if (unit == Unit::Emulated) {
    detail::multiplyEmulated(g);
    return;
  }
  if (!hardwareTiles())
    throw std::logic_error("AMX tiles asked for on a CPU, OS or build without them");
#ifdef XCC_HAVE_AMX_INTRINSICS
  detail::multiplyHardware(g);
#endif
}

Unit defaultUnit() { return hardwareTiles() ? Unit::Hardware : Unit::Emulated; }

} // namespace xcc::amx
