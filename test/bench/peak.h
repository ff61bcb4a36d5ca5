// Measures this machine's FP32 FMA peak, so benchmarks can print a fraction of it.
#ifndef XCC_BENCH_PEAK_H
#define XCC_BENCH_PEAK_H

namespace xcc::bench {

/// GFLOP/s of independent AVX-512 FMA chains on `threads` threads (one FMA = 2 FLOP).
double measurePeakGflops(int threads);

} // namespace xcc::bench

#endif // XCC_BENCH_PEAK_H
