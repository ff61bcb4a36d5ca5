//===- data_parallel.h - one fit on several processes ------------*- C++ -*-===//
//
// Data-parallel fit as Keras's MultiWorkerMirroredStrategy and PyTorch's DDP define it: --batch-size is the global
// batch; each of N ranks computes the gradient of a contiguous slice of every global batch, the gradients are
// summed across ranks while the backward still runs, and every rank applies the same update. What one process
// computes, N compute too, up to the order of the float sums:
// - the epoch order is the same seeded order on every rank, and a rank reads only its slices of it;
// - augmentation draws are keyed by the sample's file index, Dropout's masks by its place in the global batch
//   (BatchSlice::sampleOffset), never by the rank;
// - Keras's loss is the mean over the global batch (sum_over_batch_size), so a rank scales the mean gradient of its
//   n_r samples by n_r / N before the sum; the loss and metrics are summed the same way.
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_DATA_PARALLEL_H
#define XCC_RUNTIME_DATA_PARALLEL_H

#include "xcc/runtime/collectives.h"
#include "xcc/runtime/model.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace xcc::rt {

/// Rank `rank`'s part of a global batch of `n` samples: contiguous, and the first n % ranks ranks take one more.
struct RankSlice {
  size_t begin, count;
};
RankSlice rankSlice(size_t n, int rank, int ranks);

/// The samples rank `rank` reads in an epoch: its slice of each global batch of `order`, batch after batch. Its
/// own batches are then rankSlice(batch, ...).count long, but for the last, which may be shorter or missing.
std::vector<size_t> rankOrder(const std::vector<size_t> &order, size_t batch, int rank, int ranks);

/// DDP's gradient buckets: runs of parameters in reverse order (the backward finishes the last layers first),
/// each closed once it holds `bucketBytes`. A bucket starts once all its gradients are final and every bucket
/// before it has started, so that each rank sends the same messages in the same order.
class GradientBuckets {
public:
  GradientBuckets(const std::vector<size_t> &elements, size_t bucketBytes);
  size_t size() const { return buckets_.size(); }
  const std::vector<size_t> &parameters(size_t bucket) const { return buckets_.at(bucket); }
  void startStep();
  /// Marks parameter `i`'s gradient final; returns the buckets that may start now, in order.
  std::vector<size_t> ready(size_t i);

private:
  std::vector<std::vector<size_t>> buckets_;
  std::vector<size_t> bucketOf_, missing_;
  size_t next_ = 0;
};

/// The gradient sums' bucket size. Measured on the guide's fine-tune (83 MB of gradients, 16 images per rank, an
/// emulated 1 Gb/s link; xcc-allreduce-bench, BENCHMARKS.md "Data-parallel fit"): the share of the sums hidden
/// behind the backward was 0 % with one bucket, 85 % with DDP's default of 25 MB (4 buckets; the first is final
/// only at 41 % of the step) and 99 % with 8 MB (10 buckets, the first final at 39 %, where the backward starts).
constexpr size_t kGradientBucketBytes = size_t(8) << 20;

/// What all ranks agree on before a step.
struct StepShares {
  int64_t globalSamples = 0; ///< N: the samples of this global batch that every rank could decode
  int64_t offset = 0;        ///< where this rank's samples start among them
};

/// One rank's side of a data-parallel fit's steps.
class DataParallelStep {
public:
  /// `overlap` false: the sums start only after the whole gradient step (the baseline that shows what the overlap
  /// hides; the same buckets, the same result).
  DataParallelStep(Model &model, Collectives &collectives, size_t bucketBytes = kGradientBucketBytes,
                   bool overlap = true);

  /// Exchanges the decoded sample counts (a rank's slice may lose undecodable files): every rank learns N and
  /// its offset.
  StepShares share(int64_t localSamples);
  /// The global step: the gradient of this rank's `localSamples` (features or images; none: zeros), summed over
  /// the ranks in buckets, then applied (Model::applyStep). Returns the global batch's mean loss and its metric
  /// hits; `stopRequested` becomes true on every rank when any rank's was.
  Model::StepResult step(const float *input, bool isFeatures, const float *labels, const float *sampleWeights,
                         int64_t localSamples, const StepShares &shares, float learningRate, int32_t dropoutSeed,
                         bool &stopRequested);
  int rank() const { return collectives_.rank(); }
  int ranks() const { return collectives_.size(); }
  /// Sums per-rank totals (loss sums, sample counts, metric hits) in place.
  void sum(std::vector<double> &totals) { collectives_.sum(totals.data(), totals.size()); }

private:
  Model &model_;
  Collectives &collectives_;
  GradientBuckets buckets_;
  bool overlap_;
};

/// Refuses a job whose ranks differ where they must not: each rank's xcc version and `facts` (what -> a hash of
/// it: the artifact, the data, the options, the starting weights) are compared with rank 0's. Throws JobError, on every
/// rank, naming the first rank and fact that differ.
void checkRanksAgree(Collectives &collectives, const std::vector<std::pair<std::string, std::string>> &facts);

} // namespace xcc::rt

#endif // XCC_RUNTIME_DATA_PARALLEL_H
