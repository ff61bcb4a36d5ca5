// Benchmark (not a test): one train step of the guide's model at 150x150, per phase. Prints images/s, GFLOP/s,
// the fraction of this machine's measured FP32 peak, the generated code's heap traffic per step and the
// process's peak resident memory.
//
//   build/test/bench/xcc-train-bench --phase head|fine-tune [--batch N] [--runs N] [--peak GFLOPS]
#include "peak.h"
#include "random_buffer.h"

#include "xcc/runtime/abi.h"
#include "xcc/runtime/generated_memory.h"
#include "xcc/runtime/manifest.h"

#include "HalideBuffer.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

extern "C" const xcc_artifact *xcc_artifact_xception_transfer_head_forward(void);
extern "C" const xcc_artifact *xcc_artifact_xception_transfer_fine_tune_forward(void);

namespace {

using xcc::bench::randomBuffer;
using Buffer = Halide::Runtime::Buffer<float>;

// Forward 3.85 GFLOP per image (REFERENCE.md §2); a fine-tune step adds the input and weight gradients of every
// layer, ~2x the forward: 11.5 GFLOP in all (the training issue's figure). The head step is the forward pass.
constexpr double kForwardGflop = 3.85, kFineTuneGflop = 11.5;

/// The phase's trainable parameters as Halide sizes (Keras shapes reversed), in manifest order.
std::vector<std::vector<int>> parameterSizes(const xcc_artifact *artifact) {
  std::vector<std::vector<int>> sizes;
  for (const auto &p : xcc::rt::parseManifest(artifact->manifest_json).parameters)
    sizes.emplace_back(p.shape.rbegin(), p.shape.rend());
  return sizes;
}

} // namespace

int main(int argc, char **argv) {
  double peak = 0;
  int runs = 3, batch = 32;
  std::string phase = "head";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--peak"))
      peak = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch"))
      batch = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--phase"))
      phase = argv[i + 1];
  }
  if (phase != "head" && phase != "fine-tune") {
    std::fprintf(stderr, "--phase must be head or fine-tune\n");
    return 2;
  }
  bool fineTune = phase == "fine-tune";
  if (peak <= 0) {
    peak = xcc::bench::measurePeakGflops(2);
    std::printf("measured FP32 peak (2 threads, AVX-512 FMA): %.1f GFLOP/s\n", peak);
  }
  std::vector<Buffer> owned;
  owned.reserve(1024);
  auto add = [&](Buffer b) -> void * {
    owned.push_back(std::move(b));
    return owned.back().raw_buffer();
  };
  std::vector<void *> args;
  args.push_back(add(randomBuffer({3, 150, 150, batch}, 0, 255, 1)));
  Buffer labels(1, batch);
  for (int i = 0; i < batch; ++i)
    labels(0, i) = float(i % 2);
  args.push_back(add(labels));
  Buffer weights(batch);
  weights.fill(1.0f);
  args.push_back(add(weights));
  const xcc_artifact *artifact = fineTune ? xcc_artifact_xception_transfer_fine_tune_forward()
                                         : xcc_artifact_xception_transfer_head_forward();
  std::printf("compute: %s\n", xcc::rt::describeCompute(xcc::rt::parseManifest(artifact->manifest_json)).c_str());
  std::vector<std::vector<int>> sizes = parameterSizes(artifact);
  for (size_t i = 0; i < sizes.size(); ++i)
    args.push_back(add(randomBuffer(sizes[i], -0.05f, 0.05f, unsigned(i + 2))));
  for (int slot = 0; slot < 2; ++slot)
    for (const auto &s : sizes) {
      Buffer b(s);
      b.fill(0.0f);
      args.push_back(add(b));
    }
  float lr = fineTune ? 1e-5f : 1e-3f;
  int32_t iteration = 0, seed = 1, sampleOffset = 0;
  args.insert(args.end(), {&lr, &iteration, &seed, &sampleOffset});
  args.push_back(add(Buffer(std::vector<int>{})));
  args.push_back(add(Buffer(1)));
  for (const auto &s : sizes)
    for (int k = 0; k < 3; ++k)
      args.push_back(add(Buffer(s)));

  auto step = artifact->train_step_argv;
  if (int rc = step(args.data()); rc != 0) { // warm-up: page in the weights, fill the allocation cache
    std::fprintf(stderr, "train step failed with %d\n", rc);
    return 1;
  }
  auto before = xcc::rt::generatedMemoryStats();
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    if (int rc = step(args.data()); rc != 0) {
      std::fprintf(stderr, "train step failed with %d\n", rc);
      return 1;
    }
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  auto after = xcc::rt::generatedMemoryStats();
  std::sort(times.begin(), times.end());
  double s = times[times.size() / 2];
  double gflops = (fineTune ? kFineTuneGflop : kForwardGflop) * batch / s;
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%-26s %6s %10s %10s %10s %8s\n", "workload", "batch", "ms/step", "images/s", "GFLOP/s", "of peak");
  std::printf("%-26s %6d %10.1f %10.1f %10.1f %7.1f%%\n", ("train step, " + phase).c_str(), batch, s * 1e3,
              batch / s, gflops, 100 * gflops / peak);
  std::printf("generated-code heap during %d timed steps: %zu allocations from the system, %zu from the cache\n",
              runs, after.heapAllocations - before.heapAllocations, after.reuses - before.reuses);
  std::printf("memory the generated step allocates (stored activations, gradients, scratch; an upper bound of its peak): "
              "%.0f MB\n",
              after.bytesCached / 1e6);
  std::printf("peak resident memory of the process: %.0f MB (with the caller's parameters, optimizer state and "
              "outputs)\n",
              usage.ru_maxrss / 1024.0);
  return 0;
}
