#include "random_values.h"

#include <cmath>

namespace xcc::test {

ref::Tensor randomTensor(std::vector<int64_t> shape, std::mt19937 &rng, float lo, float hi) {
  ref::Tensor t(std::move(shape));
  std::uniform_real_distribution<float> dist(lo, hi);
  for (float &x : t.data)
    x = dist(rng);
  return t;
}

ref::Tensor randomParam(const kg::Node &n, std::mt19937 &rng) {
  if (n.weight == "gamma")
    return randomTensor(n.shape, rng, 0.5f, 1.5f);
  if (n.shape.size() == 1)
    return randomTensor(n.shape, rng, -0.2f, 0.2f);
  double receptive = 1;
  for (size_t i = 0; i + 2 < n.shape.size(); ++i)
    receptive *= double(n.shape[i]);
  double fanIn = n.shape[n.shape.size() - 2] * receptive, fanOut = n.shape.back() * receptive;
  float limit = float(std::sqrt(6.0 / (fanIn + fanOut)));
  return randomTensor(n.shape, rng, -limit, limit);
}

std::vector<int64_t> withBatch(std::vector<int64_t> shape, int64_t batch) {
  shape[0] = batch;
  return shape;
}

} // namespace xcc::test
