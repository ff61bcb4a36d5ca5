// Keras losses (reduced with sum_over_batch_size and optional sample weights) and accuracy metrics.
#include "reference.h"

#include <algorithm>
#include <cmath>

namespace xcc::ref {
namespace {

// Predictions [N, ..., K] seen as `rows` rows of K; a row's sample weight is that of its batch index.
struct Rows {
  int64_t rows = 0, k = 0, rows_per_sample = 1;
  const std::vector<double> *weights = nullptr;
  // sum_over_batch_size: every per-row loss is weighted and divided by the number of rows.
  double scale(int64_t r) const {
    double w = weights->empty() ? 1.0 : (*weights)[size_t(r / rows_per_sample)];
    return w / double(rows);
  }
};

template <class T> Rows make_rows(const TensorT<T> &y_pred, const std::vector<double> &sample_weight) {
  check(y_pred.rank() >= 2 && y_pred.dim(0) > 0, "loss: y_pred must be [N, ..., K], got " + shape_string(y_pred.shape));
  check(sample_weight.empty() || int64_t(sample_weight.size()) == y_pred.dim(0),
        "loss: sample_weight must have one entry per batch element");
  Rows r;
  r.k = y_pred.dim(-1);
  r.rows = y_pred.size() / r.k;
  r.rows_per_sample = r.rows / y_pred.dim(0);
  r.weights = &sample_weight;
  return r;
}

double clip_probability(double p) { return std::min(std::max(p, kKerasEpsilon), 1.0 - kKerasEpsilon); }
bool inside_clip(double p) { return p >= kKerasEpsilon && p <= 1.0 - kKerasEpsilon; } // TF passes grads at the bounds

double bce_element(double y, double x, bool from_logits) {
  if (from_logits)
    return std::max(x, 0.0) - x * y + std::log1p(std::exp(-std::abs(x)));
  double p = clip_probability(x);
  return -(y * std::log(p) + (1 - y) * std::log(1 - p));
}

double bce_element_grad(double y, double x, bool from_logits) {
  if (from_logits)
    return (x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x))) - y;
  return inside_clip(x) ? -(y / x - (1 - y) / (1 - x)) : 0.0;
}

// log(sum exp(row)), shifted by the row max so it cannot overflow.
template <class T> double log_sum_exp(const TensorT<T> &x, int64_t base, int64_t k) {
  double mx = -INFINITY, sum = 0;
  for (int64_t j = 0; j < k; ++j)
    mx = std::max(mx, double(x[base + j]));
  for (int64_t j = 0; j < k; ++j)
    sum += std::exp(double(x[base + j]) - mx);
  return mx + std::log(sum);
}

template <class T> double row_sum(const TensorT<T> &x, int64_t base, int64_t k) {
  double s = 0;
  for (int64_t j = 0; j < k; ++j)
    s += double(x[base + j]);
  return s;
}

void check_labels(const std::vector<int64_t> &labels, const Rows &r) {
  check(int64_t(labels.size()) == r.rows, "sparse_categorical_crossentropy: one label per row");
  for (int64_t l : labels)
    check(l >= 0 && l < r.k, "sparse_categorical_crossentropy: label out of range");
}

} // namespace

template <class T>
T binary_crossentropy(const TensorT<T> &y_true, const TensorT<T> &y_pred, bool from_logits,
                      const std::vector<double> &sample_weight) {
  check(y_true.shape == y_pred.shape, "binary_crossentropy: y_true and y_pred shapes differ");
  Rows r = make_rows(y_pred, sample_weight);
  double loss = 0;
  for (int64_t i = 0; i < y_pred.size(); ++i)
    loss += r.scale(i / r.k) / double(r.k) * bce_element(double(y_true[i]), double(y_pred[i]), from_logits);
  return T(loss);
}

template <class T>
TensorT<T> binary_crossentropy_backward(const TensorT<T> &y_true, const TensorT<T> &y_pred, bool from_logits,
                                        const std::vector<double> &sample_weight) {
  check(y_true.shape == y_pred.shape, "binary_crossentropy: y_true and y_pred shapes differ");
  Rows r = make_rows(y_pred, sample_weight);
  TensorT<T> g(y_pred.shape);
  for (int64_t i = 0; i < y_pred.size(); ++i)
    g[i] = T(r.scale(i / r.k) / double(r.k) * bce_element_grad(double(y_true[i]), double(y_pred[i]), from_logits));
  return g;
}

template <class T>
T sparse_categorical_crossentropy(const std::vector<int64_t> &labels, const TensorT<T> &y_pred, bool from_logits,
                                  const std::vector<double> &sample_weight) {
  Rows r = make_rows(y_pred, sample_weight);
  check_labels(labels, r);
  double loss = 0;
  for (int64_t row = 0; row < r.rows; ++row) {
    int64_t base = row * r.k;
    double picked = double(y_pred[base + labels[size_t(row)]]);
    double l = from_logits ? log_sum_exp(y_pred, base, r.k) - picked
                           : -std::log(clip_probability(picked / row_sum(y_pred, base, r.k)));
    loss += r.scale(row) * l;
  }
  return T(loss);
}

template <class T>
TensorT<T> sparse_categorical_crossentropy_backward(const std::vector<int64_t> &labels, const TensorT<T> &y_pred,
                                                    bool from_logits, const std::vector<double> &sample_weight) {
  Rows r = make_rows(y_pred, sample_weight);
  check_labels(labels, r);
  TensorT<T> g(y_pred.shape);
  for (int64_t row = 0; row < r.rows; ++row) {
    int64_t base = row * r.k, label = labels[size_t(row)];
    double lse = log_sum_exp(y_pred, base, r.k), sum = row_sum(y_pred, base, r.k);
    bool live = from_logits || inside_clip(double(y_pred[base + label]) / sum);
    for (int64_t j = 0; j < r.k && live; ++j) {
      double onehot = j == label ? 1.0 : 0.0;
      // logits: softmax - onehot. probabilities: l = -log p_y + log sum(p), so -onehot/p_y + 1/sum.
      double d = from_logits ? std::exp(double(y_pred[base + j]) - lse) - onehot
                             : 1.0 / sum - onehot / double(y_pred[base + label]);
      g[base + j] = T(r.scale(row) * d);
    }
  }
  return g;
}

std::vector<double> class_weight_to_sample_weight(const std::vector<int64_t> &labels,
                                                  const std::map<int64_t, double> &class_weight) {
  std::vector<double> w;
  for (int64_t l : labels) {
    auto it = class_weight.find(l);
    w.push_back(it == class_weight.end() ? 1.0 : it->second);
  }
  return w;
}

template <class T> double binary_accuracy(const TensorT<T> &y_true, const TensorT<T> &y_pred, double threshold) {
  check(y_true.shape == y_pred.shape && y_pred.size() > 0, "binary_accuracy: shapes differ or empty");
  int64_t hits = 0;
  for (int64_t i = 0; i < y_pred.size(); ++i)
    hits += (double(y_pred[i]) > threshold ? 1.0 : 0.0) == double(y_true[i]);
  return double(hits) / double(y_pred.size());
}

template <class T> double sparse_categorical_accuracy(const std::vector<int64_t> &labels, const TensorT<T> &y_pred) {
  std::vector<double> none;
  Rows r = make_rows(y_pred, none);
  check(int64_t(labels.size()) == r.rows, "sparse_categorical_accuracy: one label per row");
  int64_t hits = 0;
  for (int64_t row = 0; row < r.rows; ++row) {
    auto first = y_pred.data.begin() + row * r.k;
    hits += std::max_element(first, first + r.k) - first == labels[size_t(row)]; // max_element keeps the first
  }
  return double(hits) / double(r.rows);
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template T binary_crossentropy(const TensorT<T> &, const TensorT<T> &, bool, const std::vector<double> &);           \
  template TensorT<T> binary_crossentropy_backward(const TensorT<T> &, const TensorT<T> &, bool,                       \
                                                   const std::vector<double> &);                                       \
  template T sparse_categorical_crossentropy(const std::vector<int64_t> &, const TensorT<T> &, bool,                   \
                                             const std::vector<double> &);                                             \
  template TensorT<T> sparse_categorical_crossentropy_backward(const std::vector<int64_t> &, const TensorT<T> &, bool, \
                                                               const std::vector<double> &);                           \
  template double binary_accuracy(const TensorT<T> &, const TensorT<T> &, double);                                     \
  template double sparse_categorical_accuracy(const std::vector<int64_t> &, const TensorT<T> &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
