#include "xcc/initializers/initializers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace xcc::rt;

// Keras compute_fans for a conv kernel [3,3,64,128]: receptive field 9, so fan_in 576 and fan_out 1152.
TEST(Initializers, ConvFans) {
  Fans f = computeFans({3, 3, 64, 128});
  EXPECT_EQ(f.in, 576);
  EXPECT_EQ(f.out, 1152);
}

// Dense [2048, 1]: fans are the two dimensions; a bias [n] uses n for both.
TEST(Initializers, DenseAndBiasFans) {
  EXPECT_EQ(computeFans({2048, 1}).in, 2048);
  EXPECT_EQ(computeFans({2048, 1}).out, 1);
  EXPECT_EQ(computeFans({7}).out, 7);
}

// glorot_uniform on Dense(2048 -> 1) draws from U(-l, l) with l = sqrt(6 / 2049) = 0.0541; a uniform's variance is
// l^2 / 3 = 9.76e-4. 2048 draws put the sample variance within ~10 % of that.
TEST(Initializers, GlorotUniformRangeAndVariance) {
  auto v = initialize(Initializer::GlorotUniform, {2048, 1}, 42);
  double limit = std::sqrt(6.0 / 2049.0), var = 0;
  for (float x : v) {
    EXPECT_LE(std::fabs(x), limit);
    var += double(x) * x;
  }
  var /= v.size();
  EXPECT_NEAR(var, limit * limit / 3, 0.1 * limit * limit / 3);
}

// Same seed, same values; another seed, other values: runs are reproducible.
TEST(Initializers, SeededAndReproducible) {
  EXPECT_EQ(initialize(Initializer::HeNormal, {3, 3, 8, 8}, 7), initialize(Initializer::HeNormal, {3, 3, 8, 8}, 7));
  EXPECT_NE(initialize(Initializer::HeNormal, {3, 3, 8, 8}, 7), initialize(Initializer::HeNormal, {3, 3, 8, 8}, 8));
}

// he_normal is truncated at two (corrected) standard deviations: stddev sqrt(2/fan_in)/0.8796, so no draw exceeds
// 2 * sqrt(2/72)/0.8796 = 0.379 for fan_in 72.
TEST(Initializers, TruncatedNormalBound) {
  auto v = initialize(Initializer::HeNormal, {3, 3, 8, 16}, 3);
  float bound = float(2 * std::sqrt(2.0 / 72) / 0.87962566103423978);
  for (float x : v)
    EXPECT_LE(std::fabs(x), bound);
}

TEST(Initializers, ZerosOnesAndNames) {
  EXPECT_EQ(initialize(Initializer::Zeros, {3}, 0), std::vector<float>(3, 0.0f));
  EXPECT_EQ(initialize(Initializer::Ones, {2, 2}, 0), std::vector<float>(4, 1.0f));
  EXPECT_EQ(parseInitializer("glorot_uniform"), Initializer::GlorotUniform);
  EXPECT_THROW(parseInitializer("orthogonal"), RuntimeError);
}

// --random-weights: the stream of "layer/weight" is FNV-1a of that text started from the offset basis xor the
// seed (so seed 0 is the per-name default stream), and the values' range follows the weight's role.
TEST(RandomWeights, StreamsAndRangesByWeightName) {
  EXPECT_EQ(randomWeightsSeed("block1_conv1", "kernel", 0), defaultInitializerSeed("block1_conv1", "kernel"));
  EXPECT_NE(randomWeightsSeed("block1_conv1", "kernel", 1), randomWeightsSeed("block1_conv1", "kernel", 2));
  EXPECT_NE(randomWeightsSeed("block1_conv1", "kernel", 1), randomWeightsSeed("block1_conv2", "kernel", 1));
  for (float x : randomWeights("gamma", {64}, 5))
    EXPECT_TRUE(x >= 0.5f && x <= 1.5f) << x;
  for (float x : randomWeights("moving_variance", {64}, 5))
    EXPECT_TRUE(x >= 0.5f && x <= 1.5f) << x;
  for (const char *centred : {"beta", "moving_mean", "bias"})
    for (float x : randomWeights(centred, {64}, 5))
      EXPECT_TRUE(x >= -0.2f && x <= 0.2f) << centred << " " << x;
  EXPECT_EQ(randomWeights("pointwise_kernel", {1, 1, 8, 16}, 9), initialize(Initializer::GlorotUniform, {1, 1, 8, 16}, 9));
  EXPECT_EQ(randomWeights("gamma", {8}, 9), randomWeights("gamma", {8}, 9));
}

// --random-style he: BatchNormalization is the identity, and a depthwise kernel's spread follows the kh·kw values
// each output sums (He: variance 2/9 for 3x3), not Keras's fans (2/(9·C)), which shrink a deep frozen stack.
TEST(RandomWeights, HeStyleKeepsTheScaleOfEachOutput) {
  EXPECT_EQ(heRandomWeights("gamma", {4}, 1), std::vector<float>(4, 1.0f));
  EXPECT_EQ(heRandomWeights("moving_variance", {4}, 1), std::vector<float>(4, 1.0f));
  for (const char *zero : {"beta", "moving_mean", "bias"})
    EXPECT_EQ(heRandomWeights(zero, {4}, 1), std::vector<float>(4, 0.0f)) << zero;
  auto variance = [](const std::vector<float> &v) {
    double s = 0;
    for (float x : v)
      s += double(x) * x;
    return s / double(v.size());
  };
  // 3·3·512 values: the sample variance is within 10 % of the true one with overwhelming probability.
  EXPECT_NEAR(variance(heRandomWeights("depthwise_kernel", {3, 3, 512, 1}, 7)), 2.0 / 9, 0.1 * 2.0 / 9);
  EXPECT_NEAR(variance(heRandomWeights("kernel", {1, 1, 512, 64}, 7)), 2.0 / 512, 0.1 * 2.0 / 512);
  EXPECT_EQ(initialValues("random_he", "kernel", {3, 3, 2, 2}, 3), heRandomWeights("kernel", {3, 3, 2, 2}, 3));
}

// A manifest's "init" with its seed: a Keras initializer or "random_weights"; "weights" is not made, it is read.
TEST(RandomWeights, InitialValuesFollowTheManifestInit) {
  EXPECT_EQ(initialValues("random_weights", "beta", {4}, 3), randomWeights("beta", {4}, 3));
  EXPECT_EQ(initialValues("he_normal", "kernel", {3, 3, 2, 2}, 3), initialize(Initializer::HeNormal, {3, 3, 2, 2}, 3));
  EXPECT_THROW(initialValues("weights", "kernel", {2}, 0), RuntimeError);
}
