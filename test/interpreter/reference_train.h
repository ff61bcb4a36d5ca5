// The plain reference of one train step: forward (dropout masks as xcc draws them), loss, metrics and the
// gradient of every trainable parameter, by a reverse walk of its own over the unfolded graph (independent of
// the compiler's --xcc-autodiff), using the *_backward functions of test/reference.
#ifndef XCC_TEST_CODEGEN_REFERENCE_TRAIN_H
#define XCC_TEST_CODEGEN_REFERENCE_TRAIN_H

#include "KernelGraph/KernelGraph.h"
#include "reference.h"

#include <cstdint>
#include <string>
#include <vector>

namespace xcc::test {

/// The train section of an artifact's manifest.json that the reference needs.
struct TrainConfig {
  std::string loss; ///< binary_crossentropy | sparse_categorical_crossentropy
  bool fromLogits = false;
  struct Metric {
    std::string name;
    double threshold = 0.5;
  };
  std::vector<Metric> metrics;
  std::string optimizer; ///< adam | sgd
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, momentum = 0;
  bool nesterov = false;
};
TrainConfig loadTrainConfig(const std::string &artifactDir);

struct TrainBatch {
  ref::TensorD input, labels; ///< labels [N, L]: 0/1 targets, or class indices
  std::vector<double> sampleWeights;
  uint32_t dropoutSeed = 0;
  int32_t iteration = 0;
};

struct ReferenceStep {
  double loss = 0;
  std::vector<double> metricHits; ///< correct predictions in the batch, per metric
  std::vector<ref::TensorD> grads; ///< per graph.params entry
};

ReferenceStep referenceTrainStep(const kg::Graph &graph, const TrainConfig &config, const TrainBatch &batch,
                                 const std::vector<ref::TensorD> &params);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_REFERENCE_TRAIN_H
