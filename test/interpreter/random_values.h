// Random inputs and parameters for the generated-code tests.
#ifndef XCC_TEST_CODEGEN_RANDOM_VALUES_H
#define XCC_TEST_CODEGEN_RANDOM_VALUES_H

#include "KernelGraph/KernelGraph.h"
#include "reference.h"

#include <random>
#include <vector>

namespace xcc::test {

ref::Tensor randomTensor(std::vector<int64_t> shape, std::mt19937 &rng, float lo, float hi);

/// Trainable parameters on the scale they have in a real model, so 40 layers neither vanish nor overflow:
/// kernels glorot-uniform, BN gamma around 1, biases and beta small.
ref::Tensor randomParam(const kg::Node &n, std::mt19937 &rng);

/// `shape` with its batch dimension (the first) set.
std::vector<int64_t> withBatch(std::vector<int64_t> shape, int64_t batch);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_RANDOM_VALUES_H
