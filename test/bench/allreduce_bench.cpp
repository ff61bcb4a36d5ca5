// What a data-parallel fit's gradient sums cost, and how much of them hides behind the backward: the guide's
// Xception fine-tune phase (every parameter trains: 83 MB of float32 gradients), run under mpirun with one
// thread per rank (HL_NUM_THREADS=1, so that two ranks on two cores stand for two one-core machines).
//   mpirun -np 2 xcc-allreduce-bench [PER_RANK_BATCH=16] [REPEATS=3] [LINK_GBPS=0] [BUCKET_MB=25]
// On loopback the sums are memory copies on the cores the backward uses, so nothing can hide them. LINK_GBPS > 0
// adds the wire time of a ring allreduce over such a link to every sum, as a sleep that takes no CPU, as a NIC's
// transfer does not: what the buckets' overlap can hide on a real network.
// Rank 0 prints, per measurement, the median of REPEATS:
//   sum        the 83 MB summed over the ranks in the fit's buckets (kGradientBucketBytes), nothing else running
//   gradient   the gradient step alone, on the slower rank (a step of the job waits for it)
//   update     Adam alone
//   serial     gradient step, then the sums (the same buckets, started after the last gradient), then Adam
//   overlapped the fit's step: buckets start while the backward runs, then Adam
// and the hidden fraction of the sums, (serial - overlapped) / sum, with one JSON line for scripts. It also prints
// when each bucket's gradients are all final, as a fraction of the gradient step: the part of the backward that
// is left to hide that bucket's sum behind.
#include "xcc/runtime/collectives.h"
#include "xcc/runtime/data_parallel.h"
#include "xcc/runtime/model.h"
#include "xcc/runtime/mpi_communicator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

extern "C" const xcc_artifact *xcc_artifact_xception_transfer_fine_tune_forward(void);

namespace {

using namespace xcc::rt;

/// After one untimed run: the first allocates the generated code's memory and MPI's buffers.
double medianSeconds(int repeats, const std::function<void()> &run) {
  run();
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    auto start = std::chrono::steady_clock::now();
    run();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

/// A link of `gbps` under another Communicator: each sum also waits the ring allreduce's wire time,
/// 2 (N - 1) / N x its bytes / bandwidth.
class EmulatedLink : public Communicator {
public:
  EmulatedLink(std::unique_ptr<Communicator> inner, double gbps) : inner_(std::move(inner)), gbps_(gbps) {}
  int rank() const override { return inner_->rank(); }
  int size() const override { return inner_->size(); }
  std::string describe() const override {
    return inner_->describe() + ", plus the wire time of a " + std::to_string(int(gbps_)) + " Gb/s link";
  }
  void sum(float *values, size_t count) override {
    inner_->sum(values, count);
    wire(count * sizeof(float));
  }
  void sum(double *values, size_t count) override { inner_->sum(values, count); }
  void broadcast(std::string &bytes) override { inner_->broadcast(bytes); }
  [[noreturn]] void abort(int code) override {
    inner_->abort(code);
    std::abort(); // not reached: the compiler cannot see through the virtual call that it does not return
  }

private:
  void wire(size_t bytes) const {
    const double ring = 2.0 * (size() - 1) / size();
    std::this_thread::sleep_for(std::chrono::duration<double>(ring * double(bytes) * 8 / (gbps_ * 1e9)));
  }
  std::unique_ptr<Communicator> inner_;
  double gbps_;
};

std::string cpuModel() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0)
      return line.substr(line.find(':') + 2);
  return "unknown";
}

} // namespace

int main(int argc, char **argv) {
  const int64_t perRank = argc > 1 ? std::atoll(argv[1]) : 16;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  const double linkGbps = argc > 3 ? std::atof(argv[3]) : 0;
  const size_t bucketBytes = argc > 4 ? size_t(std::atof(argv[4]) * (1 << 20)) : kGradientBucketBytes;
  Collectives job([&]() -> std::unique_ptr<Communicator> {
    if (linkGbps > 0)
      return std::make_unique<EmulatedLink>(openMpiCommunicator(), linkGbps);
    return openMpiCommunicator();
  });
  Model model(xcc_artifact_xception_transfer_fine_tune_forward());
  std::mt19937 rng(7);
  std::normal_distribution<float> small(0.0f, 0.02f);
  size_t elements = 0;
  for (size_t i = 0; i < model.manifest().parameters.size(); ++i) {
    const int64_t n = model.manifest().parameters[i].numElements();
    elements += size_t(n);
    if (model.parameter(i).empty()) { // from the weights file, which timing does not need
      std::vector<float> v(static_cast<size_t>(n));
      for (float &x : v)
        x = small(rng);
      model.setParameter(i, std::move(v));
    }
  }
  std::vector<float> images(size_t(perRank) * 150 * 150 * 3), labels(static_cast<size_t>(perRank));
  std::uniform_real_distribution<float> pixel(0, 255);
  for (float &x : images)
    x = pixel(rng);
  for (size_t i = 0; i < labels.size(); ++i)
    labels[i] = float(i % 2);
  const StepShares shares{perRank * job.size(), perRank * job.rank()};

  std::vector<std::vector<float>> gradients;
  std::vector<size_t> sizes;
  for (const ParameterSpec &p : model.manifest().parameters) {
    gradients.emplace_back(size_t(p.numElements()), 1.0f);
    sizes.push_back(size_t(p.numElements()));
  }
  GradientBuckets buckets(sizes, bucketBytes);
  const double sum = medianSeconds(repeats, [&] {
    for (size_t b = 0; b < buckets.size(); ++b) {
      std::vector<Collectives::Part> parts;
      for (size_t p : buckets.parameters(b))
        parts.push_back({gradients[p].data(), gradients[p].size()});
      job.startSum(std::move(parts), 0.5f);
    }
    job.finishSums();
  });
  std::vector<double> perRankGradient(size_t(job.size()), 0.0);
  perRankGradient[size_t(job.rank())] =
      medianSeconds(repeats, [&] { model.gradientStep(images.data(), labels.data(), nullptr, perRank, 1); });
  job.sum(perRankGradient.data(), perRankGradient.size());
  const double gradient = *std::max_element(perRankGradient.begin(), perRankGradient.end());
  // When each bucket could start, in one more gradient step.
  std::vector<double> readyAt(buckets.size(), 0.0);
  buckets.startStep();
  const auto begin = std::chrono::steady_clock::now();
  BatchSlice timing{0, [&](size_t i, std::vector<float> &) {
                      for (size_t b : buckets.ready(i))
                        readyAt[b] = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
                    }};
  model.gradientStep(images.data(), labels.data(), nullptr, perRank, 1, timing);
  const double timed = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  bool stop = false;
  std::vector<std::vector<float>> zeros;
  for (size_t n : sizes)
    zeros.emplace_back(n, 0.0f);
  const double update = medianSeconds(repeats, [&] { model.applyGradients(zeros, 1e-5f); });
  DataParallelStep serialStep(model, job, bucketBytes, false);
  const double serial = medianSeconds(repeats, [&] {
    serialStep.step(images.data(), false, labels.data(), nullptr, perRank, shares, 1e-5f, 1, stop);
  });
  DataParallelStep overlappedStep(model, job, bucketBytes);
  const double overlapped = medianSeconds(repeats, [&] {
    overlappedStep.step(images.data(), false, labels.data(), nullptr, perRank, shares, 1e-5f, 1, stop);
  });

  if (job.rank() == 0) {
    const double mb = double(elements) * 4 / 1e6, ring = 2.0 * (job.size() - 1) / job.size();
    const double hidden = std::clamp((serial - overlapped) / sum, 0.0, 1.0);
    std::printf("CPU: %s\n%s; Xception fine-tune, %lld images per rank, one thread per rank\n", cpuModel().c_str(),
                job.describe().c_str(), (long long)perRank);
    std::printf("gradients: %.1f MB in %zu buckets of %.0f MB, final at", mb, buckets.size(),
                double(bucketBytes) / (1 << 20));
    for (double t : readyAt)
      std::printf(" %.0f%%", 100 * t / timed);
    std::printf(" of the gradient step\n");
    std::printf("sum        %8.3f s  (%.2f GB/s bus bandwidth: 2(N-1)/N x size / time)\n", sum,
                ring * mb / 1e3 / sum);
    std::printf("gradient   %8.3f s\nupdate     %8.3f s\nserial     %8.3f s\noverlapped %8.3f s\n"
                "hidden     %8.0f %% of the sum\n",
                gradient, update, serial, overlapped, 100 * hidden);
    std::printf("{\"bench\":\"allreduce\",\"ranks\":%d,\"per_rank_batch\":%lld,\"gradient_mb\":%.1f,\"buckets\":%zu,"
                "\"sum_s\":%.4f,\"gradient_s\":%.4f,\"update_s\":%.4f,\"serial_s\":%.4f,\"overlapped_s\":%.4f,\"hidden\":%.3f,"
                "\"link_gbps\":%g,\"bucket_mb\":%.0f,\"cpu\":\"%s\"}\n",
                job.size(), (long long)perRank, mb, buckets.size(), sum, gradient, update, serial, overlapped, hidden,
                linkGbps, double(bucketBytes) / (1 << 20), cpuModel().c_str());
  }
  return 0;
}
