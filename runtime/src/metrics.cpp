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

} // namespace xcc::rt
