// Benchmark (not a test): the input pipeline of fit on real photos — decode, Keras's bilinear resize to the
// guide's 150x150, RandomFlip + RandomRotation(0.1) — with the prefetching loader, uncached so every image is
// decoded. Prints images/s, to compare with the train step's images/s (BENCHMARKS.md): the loader must outrun
// the step so that training never waits for JPEGs.
//
//   build/test/bench/xcc-loader-bench DIR [--size 150] [--batch 64] [--threads N] [--images N]
#include "xcc/runtime/dataset.h"
#include "xcc/runtime/loader.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [--size N] [--batch N] [--threads N] [--images N]\n", argv[0]);
    return 2;
  }
  int size = 150;
  size_t batch = 64, images = 1024;
  unsigned threads = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--size"))
      size = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch"))
      batch = size_t(std::atol(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--threads"))
      threads = unsigned(std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--images"))
      images = size_t(std::atol(argv[i + 1]));
  }
  xcc::rt::DatasetOptions listOptions;
  listOptions.seed = 1;
  xcc::rt::DatasetListing listing = xcc::rt::listImageDataset(argv[1], listOptions);
  std::vector<std::string> paths = listing.files.paths;
  if (paths.size() > images)
    paths.resize(images);

  xcc::rt::LoaderOptions o;
  o.height = o.width = size;
  o.augment = xcc::rt::parseAugmentSpec("flip=horizontal,rotation=0.1,fill=reflect");
  o.threads = threads;
  o.cacheBytes = 0; // every image decoded: the first epoch's cost, and every epoch's with no room to cache
  xcc::rt::ImageLoader loader(paths, o);
  std::vector<size_t> order(paths.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  auto start = std::chrono::steady_clock::now();
  loader.startEpoch(0, order, batch);
  size_t done = 0, skipped = 0;
  xcc::rt::Batch b;
  while (loader.next(b)) {
    done += b.size();
    skipped += b.skipped.size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("loader: %zu images %dx%d (flip + rotation 0.1, reflect), batch %zu, %u threads: %.2f s, "
              "%.1f images/s (%zu skipped)\n",
              done, size, size, batch, threads ? threads : std::thread::hardware_concurrency(), seconds,
              double(done) / seconds, skipped);
  return 0;
}
