// Calls a generated forward function through Halide's argv entry point, with Keras-layout tensors.
#ifndef XCC_TEST_CODEGEN_GENERATED_CALL_H
#define XCC_TEST_CODEGEN_GENERATED_CALL_H

#include "reference.h"

#include <vector>

namespace xcc::test {

using ArgvFunction = int (*)(void **);

/// Runs `fn(input, params..., output)`; `outputShape` has the batch dimension filled in. Throws on a non-zero
/// return code.
ref::Tensor callGenerated(ArgvFunction fn, const ref::Tensor &input, const std::vector<ref::Tensor> &params,
                          const std::vector<int64_t> &outputShape);

/// The run-time inputs of a train step (see xcc/runtime/abi.h for the argument order).
struct TrainInputs {
  ref::Tensor input, labels, sampleWeights;
  std::vector<ref::Tensor> params;
  std::vector<std::vector<ref::Tensor>> slots; ///< slots[k][i]: optimizer state k of parameter i
  float learningRate = 1e-3f;
  int32_t iteration = 0, dropoutSeed = 0;
  size_t metrics = 0;
};

struct TrainOutputs {
  float loss = 0;
  std::vector<float> metricHits;
  std::vector<ref::Tensor> params;
  std::vector<std::vector<ref::Tensor>> slots;
};

/// Runs a generated train step once; throws on a non-zero return code.
TrainOutputs callTrainStep(ArgvFunction fn, const TrainInputs &in);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_GENERATED_CALL_H
