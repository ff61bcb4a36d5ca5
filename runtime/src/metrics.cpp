#include "xcc/runtime/metrics.h"

#include <algorithm>
#include <cmath>

namespace xcc::rt {

double sigmoid(double logit) {
  // Split by sign so that exp never overflows.
  if (logit >= 0)
    return 1.0 / (1.0 + std::exp(-logit));
  double e = std::exp(logit);
  return e / (1.0 + e);
}

std::vector<double> softmax(const float *logits, size_t n) {
  double peak = *std::max_element(logits, logits + n), sum = 0;
  std::vector<double> p(n);
  for (size_t i = 0; i < n; ++i)
    sum += p[i] = std::exp(double(logits[i]) - peak);
  for (double &v : p)
    v /= sum;
  return p;
}

double binaryCrossentropyFromLogits(double logit, double label) {
  return std::max(logit, 0.0) - logit * label + std::log1p(std::exp(-std::fabs(logit)));
}

double sparseCategoricalCrossentropyFromLogits(const float *logits, size_t n, size_t label) {
  double peak = *std::max_element(logits, logits + n), sum = 0;
  for (size_t i = 0; i < n; ++i)
    sum += std::exp(double(logits[i]) - peak);
  return peak + std::log(sum) - double(logits[label]);
}

size_t argmax(const float *logits, size_t n) { return size_t(std::max_element(logits, logits + n) - logits); }

namespace {
constexpr double kKerasEpsilon = 1e-7; // keras.config.epsilon(): the probability clip
double clipProbability(double p) { return std::clamp(p, kKerasEpsilon, 1.0 - kKerasEpsilon); }
} // namespace

double sampleLoss(const TrainSpec &train, const float *outputs, size_t k, const float *labels) {
  if (train.loss == "sparse_categorical_crossentropy") {
    size_t label = size_t(labels[0]);
    if (train.fromLogits)
      return sparseCategoricalCrossentropyFromLogits(outputs, k, label);
    double sum = 0;
    for (size_t i = 0; i < k; ++i)
      sum += outputs[i];
    return -std::log(clipProbability(outputs[label] / sum));
  }
  // Binary cross-entropy: the mean over the sample's k outputs.
  double total = 0;
  for (size_t i = 0; i < k; ++i) {
    double x = outputs[i], y = labels[i];
    if (train.fromLogits) {
      total += binaryCrossentropyFromLogits(x, y);
    } else {
      double p = clipProbability(x);
      total += -(y * std::log(p) + (1 - y) * std::log(1 - p));
    }
  }
  return total / double(k);
}

double sampleHits(const MetricSpec &metric, const float *outputs, size_t k, const float *labels) {
  if (metric.name == "sparse_categorical_accuracy")
    return argmax(outputs, k) == size_t(labels[0]) ? 1.0 : 0.0;
  double hits = 0;
  for (size_t i = 0; i < k; ++i)
    hits += (outputs[i] > metric.threshold ? 1.0f : 0.0f) == labels[i];
  return hits / double(k);
}

} // namespace xcc::rt
