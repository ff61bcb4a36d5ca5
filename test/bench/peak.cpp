// Twelve independent accumulator chains per thread hide the FMA latency (4 cycles x 2 ports + slack), so the
// loop runs at the FMA units' throughput: what a perfect GEMM kernel could reach.
#include "peak.h"

#include <immintrin.h>

#include <chrono>
#include <thread>
#include <vector>

namespace xcc::bench {
namespace {

__attribute__((target("avx512f"))) float fmaLoop(long iterations) {
  __m512 acc[12];
  for (int i = 0; i < 12; ++i)
    acc[i] = _mm512_set1_ps(float(i));
  const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
  for (long it = 0; it < iterations; ++it)
    for (int i = 0; i < 12; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  __m512 sum = acc[0];
  for (int i = 1; i < 12; ++i)
    sum = _mm512_add_ps(sum, acc[i]);
  return _mm512_reduce_add_ps(sum);
}

} // namespace

double measurePeakGflops(int threads) {
  const long iterations = 20'000'000;
  double best = 0;
  for (int rep = 0; rep < 3; ++rep) {
    std::vector<std::thread> pool;
    std::vector<float> sink(threads);
    auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] { sink[t] = fmaLoop(iterations); });
    for (auto &th : pool)
      th.join();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double flops = double(threads) * iterations * 12 * 16 * 2;
    best = std::max(best, flops / seconds / 1e9);
  }
  return best;
}

} // namespace xcc::bench
