//===- metrics.h - Keras losses and metrics on logits -----------*- C++ -*-===//
//
// The losses and accuracies evaluate() reports, computed from the model's logits the way Keras's
// from_logits=True losses compute them (numerically stable forms, in double precision).
//
//===----------------------------------------------------------------------===//
#ifndef XCC_RUNTIME_METRICS_H
#define XCC_RUNTIME_METRICS_H

#include "xcc/runtime/manifest.h"

#include <cstddef>
#include <vector>

namespace xcc::rt {

double sigmoid(double logit);
std::vector<double> softmax(const float *logits, size_t n);

/// BinaryCrossentropy(from_logits=True) of one sample with label 0 or 1: max(x, 0) - x·y + log(1 + e^-|x|)
/// (tf.nn.sigmoid_cross_entropy_with_logits).
double binaryCrossentropyFromLogits(double logit, double label);

/// SparseCategoricalCrossentropy(from_logits=True) of one sample: logsumexp(logits) - logits[label].
double sparseCategoricalCrossentropyFromLogits(const float *logits, size_t n, size_t label);

/// Index of the largest logit (the first on ties, as argmax does).
size_t argmax(const float *logits, size_t n);

/// The compiled loss of one sample, from the model's `k` outputs and its labels (TrainSpec's loss, from logits or
/// from probabilities with Keras's clip at 1e-7), as the generated train step computes it but in double.
double sampleLoss(const TrainSpec &train, const float *outputs, size_t k, const float *labels);

/// How much one sample counts as correct for `metric` (binary accuracy: the fraction of its k outputs on the
/// right side of the threshold; sparse categorical accuracy: 0 or 1), as the train step counts it.
double sampleHits(const MetricSpec &metric, const float *outputs, size_t k, const float *labels);

} // namespace xcc::rt

#endif // XCC_RUNTIME_METRICS_H
