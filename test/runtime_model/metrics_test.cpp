// Losses and probabilities the CLI reports, against values worked out by hand.
#include "xcc/runtime/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace xcc::rt {
namespace {

TEST(Metrics, SigmoidIsStableForLargeLogits) {
  EXPECT_DOUBLE_EQ(sigmoid(0), 0.5);
  EXPECT_NEAR(sigmoid(2), 1 / (1 + std::exp(-2.0)), 1e-15);
  EXPECT_EQ(sigmoid(-1000), 0.0);
  EXPECT_EQ(sigmoid(1000), 1.0);
}

TEST(Metrics, BinaryCrossentropyFromLogitsIsMinusLogLikelihood) {
  EXPECT_NEAR(binaryCrossentropyFromLogits(0, 1), std::log(2.0), 1e-15);
  EXPECT_NEAR(binaryCrossentropyFromLogits(1.5, 1), -std::log(sigmoid(1.5)), 1e-12);
  EXPECT_NEAR(binaryCrossentropyFromLogits(1.5, 0), -std::log(1 - sigmoid(1.5)), 1e-12);
  EXPECT_NEAR(binaryCrossentropyFromLogits(-800, 1), 800, 1e-9); // no overflow to inf
}

TEST(Metrics, SoftmaxAndSparseCategoricalCrossentropy) {
  const float logits[] = {1, 2, 3};
  std::vector<double> p = softmax(logits, 3);
  double z = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  EXPECT_NEAR(p[2], std::exp(3.0) / z, 1e-15);
  EXPECT_NEAR(p[0] + p[1] + p[2], 1, 1e-15);
  EXPECT_NEAR(sparseCategoricalCrossentropyFromLogits(logits, 3, 0), -std::log(p[0]), 1e-12);
  EXPECT_EQ(argmax(logits, 3), 2u);
  const float tie[] = {5, 5};
  EXPECT_EQ(argmax(tie, 2), 0u);
}

} // namespace
} // namespace xcc::rt
