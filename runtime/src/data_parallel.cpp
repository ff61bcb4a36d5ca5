#include "xcc/runtime/data_parallel.h"
#include "xcc/runtime/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace xcc::rt {

RankSlice rankSlice(size_t n, int rank, int ranks) {
  const size_t r = size_t(rank), base = n / size_t(ranks), extra = n % size_t(ranks);
  return {r * base + std::min(r, extra), base + (r < extra ? 1 : 0)};
}

std::vector<size_t> rankOrder(const std::vector<size_t> &order, size_t batch, int rank, int ranks) {
  std::vector<size_t> mine;
  for (size_t start = 0; start < order.size(); start += batch) {
    RankSlice s = rankSlice(std::min(batch, order.size() - start), rank, ranks);
    mine.insert(mine.end(), order.begin() + long(start + s.begin), order.begin() + long(start + s.begin + s.count));
  }
  return mine;
}

GradientBuckets::GradientBuckets(const std::vector<size_t> &elements, size_t bucketBytes)
    : bucketOf_(elements.size()) {
  size_t bytes = 0;
  for (size_t i = elements.size(); i-- > 0;) {
    if (buckets_.empty() || bytes >= bucketBytes) {
      buckets_.emplace_back();
      bytes = 0;
    }
    buckets_.back().push_back(i);
    bucketOf_[i] = buckets_.size() - 1;
    bytes += elements[i] * sizeof(float);
  }
  startStep();
}

void GradientBuckets::startStep() {
  missing_.clear();
  for (const auto &b : buckets_)
    missing_.push_back(b.size());
  next_ = 0;
}

std::vector<size_t> GradientBuckets::ready(size_t i) {
  --missing_.at(bucketOf_.at(i));
  std::vector<size_t> start;
  while (next_ < buckets_.size() && missing_[next_] == 0)
    start.push_back(next_++);
  return start;
}

namespace {

std::vector<size_t> parameterSizes(const Model &model) {
  std::vector<size_t> sizes;
  for (const ParameterSpec &p : model.manifest().parameters)
    sizes.push_back(size_t(p.numElements()));
  return sizes;
}

} // namespace

DataParallelStep::DataParallelStep(Model &model, Collectives &collectives, size_t bucketBytes, bool overlap)
    : model_(model), collectives_(collectives), buckets_(parameterSizes(model), bucketBytes), overlap_(overlap) {}

StepShares DataParallelStep::share(int64_t localSamples) {
  std::vector<double> counts(size_t(collectives_.size()), 0.0);
  counts[size_t(collectives_.rank())] = double(localSamples);
  collectives_.sum(counts.data(), counts.size());
  StepShares s;
  for (size_t r = 0; r < counts.size(); ++r) {
    s.globalSamples += int64_t(counts[r]);
    if (int(r) < collectives_.rank())
      s.offset += int64_t(counts[r]);
  }
  return s;
}

Model::StepResult DataParallelStep::step(const float *input, bool isFeatures, const float *labels,
                                         const float *sampleWeights, int64_t localSamples, const StepShares &shares,
                                         float learningRate, int32_t dropoutSeed, bool &stopRequested) {
  const float scale = float(double(localSamples) / double(shares.globalSamples));
  std::vector<std::vector<float> *> gradient(model_.manifest().parameters.size(), nullptr);
  auto ready = [&](size_t i, std::vector<float> &g) {
    gradient[i] = &g;
    for (size_t b : buckets_.ready(i)) {
      std::vector<Collectives::Part> parts;
      for (size_t p : buckets_.parameters(b))
        parts.push_back({gradient[p]->data(), gradient[p]->size()});
      collectives_.startSum(std::move(parts), scale);
    }
  };
  buckets_.startStep();
  Model::GradientResult g;
  try {
    if (localSamples > 0) {
      BatchSlice slice{int32_t(shares.offset), nullptr};
      if (overlap_)
        slice.onGradientReady = ready;
      g = isFeatures ? model_.gradientStepOnFeatures(input, labels, sampleWeights, localSamples, dropoutSeed, slice)
                     : model_.gradientStep(input, labels, sampleWeights, localSamples, dropoutSeed, slice);
      if (!overlap_)
        for (size_t i = gradient.size(); i-- > 0;)
          ready(i, g.gradients[i]);
    } else {
      // Nothing to compute here (the global batch is smaller than the job, or this slice's files were all
      // skipped), but the others' sums need this rank's messages: zeros, in the same buckets.
      g.metricHits.assign(model_.manifest().train.metrics.size(), 0.0f);
      for (size_t i = 0; i < gradient.size(); ++i)
        g.gradients.emplace_back(model_.parameter(i).size(), 0.0f);
      for (size_t i = gradient.size(); i-- > 0;)
        ready(i, g.gradients[i]);
    }
    collectives_.finishSums();
  } catch (...) {
    // The gradients may be gone with the failed step; the sums already started end before the next collective.
    collectives_.abandonSums();
    throw;
  }
  const size_t M = g.metricHits.size();
  std::vector<double> totals(M + 2, 0.0);
  totals[0] = double(g.loss) * double(localSamples);
  for (size_t m = 0; m < M; ++m)
    totals[1 + m] = g.metricHits[m];
  totals[M + 1] = stopRequested ? 1 : 0;
  collectives_.sum(totals.data(), totals.size());
  stopRequested = totals[M + 1] > 0;
  g.loss = float(totals[0] / double(shares.globalSamples));
  for (size_t m = 0; m < M; ++m)
    g.metricHits[m] = float(totals[1 + m]);
  return model_.applyStep(g, learningRate);
}

void checkRanksAgree(Collectives &collectives, const std::vector<std::pair<std::string, std::string>> &given) {
  using Facts = std::vector<std::pair<std::string, std::string>>;
  Facts facts = {{"xcc runtime", "xcc " XCC_VERSION ", artifact format " + std::to_string(XCC_ARTIFACT_VERSION)}};
  facts.insert(facts.end(), given.begin(), given.end());
  std::string first = collectives.rank() == 0 ? nlohmann::json(facts).dump() : "";
  collectives.broadcast(first);
  Facts zero = nlohmann::json::parse(first).get<Facts>();
  // Per rank: 0 when it agrees with rank 0, else 1 + the index of the first fact that differs.
  std::vector<double> differs(size_t(collectives.size()), 0.0);
  for (size_t i = 0; i < std::max(zero.size(), facts.size()); ++i)
    if (i >= zero.size() || i >= facts.size() || zero[i] != facts[i]) {
      differs[size_t(collectives.rank())] = double(i + 1);
      break;
    }
  collectives.sum(differs.data(), differs.size());
  for (size_t r = 1; r < differs.size(); ++r)
    if (differs[r] > 0) {
      size_t i = size_t(differs[r]) - 1;
      std::string what = i < zero.size() ? zero[i].first : "facts";
      throw JobError("rank " + std::to_string(r) + " of " + std::to_string(differs.size()) + " has another " +
                     what + " than rank 0" + (i < zero.size() ? " (rank 0: " + zero[i].second + ")" : "") +
                     ": every process of a job must run the same artifact, on the same data, with the same "
                     "options and starting weights; nothing was written");
    }
}

} // namespace xcc::rt
