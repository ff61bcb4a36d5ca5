// Helpers for the reference tests: random tensors, tolerant comparison, central finite differences and the
// golden-file reader.
#pragma once

#include "reference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

namespace xcc::ref::testing {

inline TensorD random_tensor(const std::vector<int64_t> &shape, std::mt19937_64 &rng, double lo = -1, double hi = 1) {
  std::uniform_real_distribution<double> u(lo, hi);
  TensorD t(shape);
  for (double &v : t.data)
    v = u(rng);
  return t;
}

inline double dot(const TensorD &a, const TensorD &b) {
  EXPECT_EQ(a.shape, b.shape);
  double s = 0;
  for (int64_t i = 0; i < a.size(); ++i)
    s += a[i] * b[i];
  return s;
}

// |a - e| <= atol + rtol * max(|a|, |e|) elementwise; reports the worst element.
template <class A, class E>
void expect_close(const TensorT<A> &actual, const TensorT<E> &expected, double rtol, double atol,
                  const std::string &what) {
  ASSERT_EQ(actual.shape, expected.shape) << what;
  double worst = 0, worst_excess = -1;
  int64_t worst_at = 0;
  for (int64_t i = 0; i < actual.size(); ++i) {
    double a = double(actual[i]), e = double(expected[i]);
    double diff = std::abs(a - e), excess = diff - (atol + rtol * std::max(std::abs(a), std::abs(e)));
    if (excess > worst_excess)
      worst_excess = excess, worst = diff, worst_at = i;
  }
  EXPECT_LE(worst_excess, 0.0) << what << ": max violation at flat index " << worst_at << ": got "
                               << double(actual[worst_at]) << ", want " << double(expected[worst_at]) << " (|diff| "
                               << worst << ", rtol " << rtol << ", atol " << atol << ")";
}

// Central differences: step 1e-6 leaves truncation ~1e-12 and rounding ~1e-10*|L|, so a relative tolerance of
// 1e-5 with an absolute floor of 1e-7 separates right from wrong gradients by orders of magnitude.
constexpr double kFdStep = 1e-6, kFdRtol = 1e-5, kFdAtol = 1e-7;

// Checks `analytic` = dL/dparam, perturbing `param` in place; `loss` must read `param` by reference.
inline void expect_gradient(TensorD &param, const TensorD &analytic, const std::function<double()> &loss,
                            const std::string &what) {
  ASSERT_EQ(param.shape, analytic.shape) << what;
  TensorD numeric(param.shape);
  for (int64_t i = 0; i < param.size(); ++i) {
    double saved = param[i];
    param[i] = saved + kFdStep;
    double up = loss();
    param[i] = saved - kFdStep;
    double down = loss();
    param[i] = saved;
    numeric[i] = (up - down) / (2 * kFdStep);
  }
  expect_close(analytic, numeric, kFdRtol, kFdAtol, what + " vs central differences");
}

// Golden files (written by golden/make_golden.py): per tensor a line "name rank d0 d1 ..." then a line of values.
inline std::map<std::string, TensorD> read_golden(const std::string &name) {
  std::string path = std::string(XCC_REFERENCE_GOLDEN_DIR) + "/" + name + ".txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::map<std::string, TensorD> tensors;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream header(line);
    std::string tensor_name;
    int64_t rank = 0;
    header >> tensor_name >> rank;
    std::vector<int64_t> shape(static_cast<size_t>(rank));
    for (int64_t &d : shape)
      header >> d;
    TensorD t(shape);
    for (double &v : t.data)
      in >> v;
    tensors[tensor_name] = t;
    std::getline(in, line); // rest of the values line
  }
  return tensors;
}

inline std::vector<int64_t> as_labels(const TensorD &t) {
  std::vector<int64_t> labels;
  for (double v : t.data)
    labels.push_back(int64_t(std::llround(v)));
  return labels;
}

inline std::vector<double> as_vector(const TensorD &t) { return t.data; }

} // namespace xcc::ref::testing
