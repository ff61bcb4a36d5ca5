// Benchmark (not a test): Xception + head forward at 150x150, batch 1, 8 and 32, and two of its pointwise (1x1)
// convolutions on their own. Prints images/s, GFLOP/s and the fraction of this machine's measured FP32 peak.
//
//   build/test/bench/xcc-forward-bench [--peak GFLOPS] [--runs N] [--batch N (only this batch size)]
#include "peak.h"
#include "random_buffer.h"

#include "xcc/runtime/abi.h"
#include "xcc/runtime/generated_memory.h"
#include "xcc/runtime/manifest.h"

#include "HalideBuffer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

extern "C" const xcc_artifact *xcc_artifact_xception_transfer_head_forward(void);
extern "C" int bench_pointwise_inference_forward_argv(void **);
extern "C" int bench_pointwise_exit_inference_forward_argv(void **);

namespace {

using xcc::bench::randomBuffer;
using Buffer = Halide::Runtime::Buffer<float>;
using Argv = int (*)(void **);

constexpr double kXceptionGflopPerImage = 3.85; // 1.924 G multiply-adds at 150x150 (REFERENCE.md §2)

/// Median seconds of `runs` calls of fn(input, [dense kernel, dense bias,] output).
double medianSeconds(Argv fn, std::vector<Buffer *> buffers, int runs) {
  std::vector<void *> args;
  for (Buffer *b : buffers)
    args.push_back(b->raw_buffer());
  std::vector<double> times;
  fn(args.data()); // warm-up: page in the weights, start the thread pool
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    if (int rc = fn(args.data()); rc != 0) {
      std::fprintf(stderr, "generated function failed with %d\n", rc);
      std::exit(1);
    }
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
  double peak = 0;
  int runs = 5, onlyBatch = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--peak"))
      peak = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch"))
      onlyBatch = std::atoi(argv[i + 1]);
  }
  if (peak <= 0) {
    peak = xcc::bench::measurePeakGflops(2);
    std::printf("measured FP32 peak (2 threads, AVX-512 FMA): %.1f GFLOP/s\n", peak);
  }
  // Through the artifact, whose dispatcher picks the variant this CPU runs (the mixed programs link several).
  const xcc_artifact *artifact = xcc_artifact_xception_transfer_head_forward();
  std::printf("compute: %s\n", xcc::rt::describeCompute(xcc::rt::parseManifest(artifact->manifest_json)).c_str());
  Buffer kernel = randomBuffer({1, 2048}, -0.05f, 0.05f), bias = randomBuffer({1}, 0, 0);
  std::printf("%-28s %6s %10s %10s %10s %8s\n", "workload", "batch", "ms/batch", "images/s", "GFLOP/s", "of peak");
  for (int batch : {1, 8, 32}) {
    if (onlyBatch && batch != onlyBatch)
      continue;
    Buffer input = randomBuffer({3, 150, 150, batch}, 0, 255), out(std::vector<int>{1, batch});
    double s = medianSeconds(artifact->forward_argv, {&input, &kernel, &bias, &out}, runs);
    double gflops = kXceptionGflopPerImage * batch / s;
    std::printf("%-28s %6d %10.1f %10.1f %10.1f %7.1f%%\n", "xception+head forward", batch, s * 1e3, batch / s,
                gflops, 100 * gflops / peak);
  }
  auto memory = xcc::rt::generatedMemoryStats();
  std::printf("generated-code heap: %zu allocations from the system, %zu served from the cache, peak cached %.0f MB\n",
              memory.heapAllocations, memory.reuses, memory.bytesCached / 1e6);
  // Xception's most common 1x1 convolution, 9x9x728 -> 728 (middle flow), and its last, 5x5x1536 -> 2048 (exit
  // flow): many pixels against 2 MiB of weights, and few against 12 MiB.
  struct Pointwise {
    const char *name;
    Argv fn;
    int side, in, out;
  };
  for (Pointwise p : {Pointwise{"pointwise 9x9x728->728", bench_pointwise_inference_forward_argv, 9, 728, 728},
                      Pointwise{"pointwise 5x5x1536->2048", bench_pointwise_exit_inference_forward_argv, 5, 1536, 2048}})
    for (int batch : {1, 32}) {
      if (onlyBatch && batch != onlyBatch)
        continue;
      Buffer input = randomBuffer({p.in, p.side, p.side, batch}, -1, 1),
             out(std::vector<int>{p.out, p.side, p.side, batch});
      double s = medianSeconds(p.fn, {&input, &out}, runs);
      double gflops = 2.0 * p.side * p.side * p.in * p.out * batch / s / 1e9;
      std::printf("%-28s %6d %10.2f %10.1f %10.1f %7.1f%%\n", p.name, batch, s * 1e3, batch / s, gflops,
                  100 * gflops / peak);
    }
  return 0;
}
