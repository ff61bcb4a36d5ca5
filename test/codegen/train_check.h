// Checks one generated train step against the plain reference train step (reference_train.h), on random data.
//
// The generated step starts from zero optimizer slots, so its gradient is recovered exactly from the first
// slot (Adam: m' = (1 - β1)·g; SGD with momentum: v' = -lr·g; plain SGD: w - w' = lr·g). Checked:
// - the loss (relative 1e-4) and the metric counts (exact);
// - every parameter's gradient against the double-precision reference: per tensor, max |gen - ref| ≤
//   2e-3 · max|ref| + 1e-7 (float32 through up to 40 layers stays well inside, a wrong index does not);
// - the update: new values and slots against Keras's formula applied in double to the generated gradient,
//   |gen - want| ≤ 1e-5 · lr + 1e-6 · |w| (values) and 1e-5 relative (slots).
// A mixed_bfloat16 step (StepCase::bf16) is held to bf16's precision instead: the loss within 1e-2 relative and
// every gradient within relative L2 ‖gen - ref‖ / ‖ref‖ ≤ 1e-2 per tensor (bf16 keeps 8 significant bits, 4e-3
// relative per rounding); the update check is the same.
#ifndef XCC_TEST_CODEGEN_TRAIN_CHECK_H
#define XCC_TEST_CODEGEN_TRAIN_CHECK_H

#include "generated_call.h"

#include <string>

namespace xcc::test {

struct StepCase {
  int64_t batch = 2;
  float learningRate = 1e-2f;
  int32_t iteration = 3;
  bool bf16 = false; ///< the step computes its GEMMs in bf16 (mixed_bfloat16): bf16 tolerances
};

/// Runs the train step `fn` of the artifact in `dir` once on random data and checks it (see above) with gtest
/// expectations; prints the worst gradient difference.
void expectStepMatchesReference(const std::string &dir, ArgvFunction fn, const StepCase &c);

} // namespace xcc::test

#endif // XCC_TEST_CODEGEN_TRAIN_CHECK_H
