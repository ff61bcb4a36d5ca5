// Benchmark (not a test): where the guide's fine-tune step spends its time, per Halide function, from Halide's own
// sampling profiler in an artifact compiled with the target feature "profile". scripts/profile.sh builds and runs
// it and sums the report per kernel family (scripts/profile_families.py).
//
//   build/test/bench/xcc-profile-bench [--batch N] [--runs N] [--predict (the forward pass alone)]
// prints the measured FP32 peak and the steps' time; Halide's runtime then prints its report as the program ends
// (per pipeline: each function's time over the profiled steps).
#include "peak.h"

#include "xcc/runtime/model.h"

#include "HalideRuntime.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

extern "C" const xcc_artifact *XCC_ARTIFACT_SYMBOL(void);

int main(int argc, char **argv) {
  int runs = 3, batch = 32;
  bool predict = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--predict"))
      predict = true;
    else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc)
      runs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--batch") && i + 1 < argc)
      batch = std::atoi(argv[++i]);
  }
  const double peak = xcc::bench::measurePeakGflops(2);
  xcc::rt::Model model(XCC_ARTIFACT_SYMBOL());
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> pixel(0, 255);
  std::vector<float> images(size_t(batch) * size_t(model.height() * model.width() * model.channels()));
  for (float &x : images)
    x = pixel(rng);
  std::vector<float> labels(static_cast<size_t>(batch));
  for (size_t i = 0; i < labels.size(); ++i)
    labels[i] = float(i % 2);
  auto run = [&] {
    if (predict)
      model.predict(images.data(), batch);
    else
      model.trainStep(images.data(), labels.data(), nullptr, batch, 1e-5f, 1);
  };
  run(); // allocates; not profiled
  halide_profiler_reset();
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < runs; ++r)
    run();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / runs;
  std::printf("peak %.1f GFLOP/s; batch %d; %d %s of %.3f s (%.1f images/s), profiled\n", peak, batch, runs,
              predict ? "forward passes" : "steps",
              seconds, batch / seconds);
  std::fflush(stdout);
  return 0; // Halide's runtime prints its report as the program ends
}
