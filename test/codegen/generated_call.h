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

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_GENERATED_CALL_H
