// BatchNormalization over the last axis, inference and training mode, forward and backward.
// Both modes compute gamma * xhat + beta with xhat = (x - mean) * inv_std; they differ only in where mean and
// variance come from (moving vs batch statistics) and so in whether the statistics depend on x.
#include "detail.h"

#include <cmath>

namespace xcc::ref {
namespace {

struct ChannelStats {
  std::vector<double> mean, variance, inv_std;
};

template <class T> void check_channel_vector(const TensorT<T> *v, int64_t c, const char *name) {
  if (v)
    check(v->shape == std::vector<int64_t>{c}, std::string("batch_norm: ") + name + " must be [C]");
}

template <class T>
ChannelStats moving_stats(const TensorT<T> &x, const TensorT<T> &mean, const TensorT<T> &variance, double eps) {
  int64_t c = x.dim(-1);
  check_channel_vector(&mean, c, "moving_mean");
  check_channel_vector(&variance, c, "moving_variance");
  ChannelStats s;
  for (int64_t j = 0; j < c; ++j) {
    s.mean.push_back(double(mean[j]));
    s.variance.push_back(double(variance[j]));
    s.inv_std.push_back(1.0 / std::sqrt(double(variance[j]) + eps));
  }
  return s;
}

// Biased variance (divide by the count), as Keras's ops.moments.
template <class T> ChannelStats batch_stats(const TensorT<T> &x, double eps) {
  int64_t c = x.dim(-1), m = x.size() / c;
  ChannelStats s{std::vector<double>(size_t(c), 0.0), std::vector<double>(size_t(c), 0.0), {}};
  for (int64_t i = 0; i < x.size(); ++i)
    s.mean[size_t(i % c)] += double(x[i]) / double(m);
  for (int64_t i = 0; i < x.size(); ++i) {
    double d = double(x[i]) - s.mean[size_t(i % c)];
    s.variance[size_t(i % c)] += d * d / double(m);
  }
  for (double v : s.variance)
    s.inv_std.push_back(1.0 / std::sqrt(v + eps));
  return s;
}

template <class T> double xhat(const TensorT<T> &x, const ChannelStats &s, int64_t i) {
  size_t j = size_t(i % x.dim(-1));
  return (double(x[i]) - s.mean[j]) * s.inv_std[j];
}

template <class T> double gamma_at(const TensorT<T> *gamma, int64_t i) {
  return gamma ? double((*gamma)[i % gamma->size()]) : 1.0;
}

template <class T>
TensorT<T> normalize(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta, const ChannelStats &s) {
  int64_t c = x.dim(-1);
  check_channel_vector(gamma, c, "gamma");
  check_channel_vector(beta, c, "beta");
  TensorT<T> y(x.shape);
  for (int64_t i = 0; i < x.size(); ++i)
    y[i] = T(gamma_at(gamma, i) * xhat(x, s, i) + (beta ? double((*beta)[i % c]) : 0.0));
  return y;
}

// dgamma = sum dy*xhat and dbeta = sum dy, the same in both modes.
template <class T>
BatchNormGrads<T> affine_grads(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta, const ChannelStats &s,
                               const TensorT<T> &dy) {
  check(dy.shape == x.shape, "batch_norm: dy shape " + shape_string(dy.shape) + " != input " + shape_string(x.shape));
  BatchNormGrads<T> g;
  if (gamma) {
    TensorD dy_xhat(x.shape);
    for (int64_t i = 0; i < x.size(); ++i)
      dy_xhat[i] = double(dy[i]) * xhat(x, s, i);
    g.gamma = detail::sum_to_last_axis(dy_xhat).template cast<T>();
  }
  if (beta)
    g.beta = detail::sum_to_last_axis(dy);
  return g;
}

} // namespace

template <class T>
TensorT<T> batch_norm_inference(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                const TensorT<T> &moving_mean, const TensorT<T> &moving_variance, double epsilon) {
  return normalize(x, gamma, beta, moving_stats(x, moving_mean, moving_variance, epsilon));
}

template <class T>
BatchNormGrads<T> batch_norm_inference_backward(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                                const TensorT<T> &moving_mean, const TensorT<T> &moving_variance,
                                                double epsilon, const TensorT<T> &dy) {
  ChannelStats s = moving_stats(x, moving_mean, moving_variance, epsilon);
  BatchNormGrads<T> g = affine_grads(x, gamma, beta, s, dy);
  g.input = TensorT<T>(x.shape);
  for (int64_t i = 0; i < x.size(); ++i)
    g.input[i] = T(double(dy[i]) * gamma_at(gamma, i) * s.inv_std[size_t(i % x.dim(-1))]);
  return g;
}

template <class T>
BatchNormTrainingResult<T> batch_norm_training(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                               const TensorT<T> &moving_mean, const TensorT<T> &moving_variance,
                                               double epsilon, double momentum) {
  int64_t c = x.dim(-1);
  check_channel_vector(&moving_mean, c, "moving_mean");
  check_channel_vector(&moving_variance, c, "moving_variance");
  ChannelStats s = batch_stats(x, epsilon);
  BatchNormTrainingResult<T> r;
  r.output = normalize(x, gamma, beta, s);
  r.batch_mean = TensorD({c}, s.mean).template cast<T>();
  r.batch_variance = TensorD({c}, s.variance).template cast<T>();
  r.moving_mean = TensorT<T>({c});
  r.moving_variance = TensorT<T>({c});
  for (int64_t j = 0; j < c; ++j) {
    r.moving_mean[j] = T(momentum * double(moving_mean[j]) + (1 - momentum) * s.mean[size_t(j)]);
    r.moving_variance[j] = T(momentum * double(moving_variance[j]) + (1 - momentum) * s.variance[size_t(j)]);
  }
  return r;
}

template <class T>
BatchNormGrads<T> batch_norm_training_backward(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                               double epsilon, const TensorT<T> &dy) {
  ChannelStats s = batch_stats(x, epsilon);
  BatchNormGrads<T> g = affine_grads(x, gamma, beta, s, dy);
  // Mean and variance depend on x: dx = inv_std/M * (M*dxhat - sum(dxhat) - xhat*sum(dxhat*xhat)), dxhat = dy*gamma.
  int64_t c = x.dim(-1), m = x.size() / c;
  std::vector<double> sum_dxhat(size_t(c), 0.0), sum_dxhat_xhat(size_t(c), 0.0);
  for (int64_t i = 0; i < x.size(); ++i) {
    double dxhat = double(dy[i]) * gamma_at(gamma, i);
    sum_dxhat[size_t(i % c)] += dxhat;
    sum_dxhat_xhat[size_t(i % c)] += dxhat * xhat(x, s, i);
  }
  g.input = TensorT<T>(x.shape);
  for (int64_t i = 0; i < x.size(); ++i) {
    size_t j = size_t(i % c);
    double dxhat = double(dy[i]) * gamma_at(gamma, i);
    g.input[i] = T(s.inv_std[j] / double(m) * (double(m) * dxhat - sum_dxhat[j] - xhat(x, s, i) * sum_dxhat_xhat[j]));
  }
  return g;
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template TensorT<T> batch_norm_inference(const TensorT<T> &, const TensorT<T> *, const TensorT<T> *,                 \
                                           const TensorT<T> &, const TensorT<T> &, double);                            \
  template BatchNormGrads<T> batch_norm_inference_backward(const TensorT<T> &, const TensorT<T> *, const TensorT<T> *, \
                                                           const TensorT<T> &, const TensorT<T> &, double,             \
                                                           const TensorT<T> &);                                        \
  template BatchNormTrainingResult<T> batch_norm_training(const TensorT<T> &, const TensorT<T> *, const TensorT<T> *,  \
                                                          const TensorT<T> &, const TensorT<T> &, double, double);     \
  template BatchNormGrads<T> batch_norm_training_backward(const TensorT<T> &, const TensorT<T> *, const TensorT<T> *,  \
                                                          double, const TensorT<T> &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
