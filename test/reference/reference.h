// xcc::ref — a plain C++ oracle for every xnn op, forward and backward.
//
// Used only by tests: generated code is compared against the forward functions, and the backward functions
// are themselves checked against central finite differences and against PyTorch goldens. Everything is
// written for clarity, not speed: row-major tensors, NHWC images, nested loops, double accumulators.
//
// Every op is a template on the element type, instantiated for float (what generated code computes) and
// double (what the finite-difference checks need). Attribute names follow the xnn dialect (XnnOps.td).
//
// Backward functions take the forward operands and the upstream gradient `dy` (same shape as the forward
// output) and recompute whatever forward values they need, so a caller never has to keep intermediates.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xcc::ref {

// Throws std::invalid_argument(what) unless ok; every shape mistake in a test should be loud.
void check(bool ok, const std::string &what);

int64_t element_count(const std::vector<int64_t> &shape);
std::string shape_string(const std::vector<int64_t> &shape);

template <class T> struct TensorT {
  std::vector<int64_t> shape;
  std::vector<T> data; // row-major

  TensorT() = default;
  // Zeros. There is deliberately no (shape, fill) constructor: TensorD({2}, {5}) must mean the data {5} (and
  // fail the size check), not two fives.
  explicit TensorT(std::vector<int64_t> s) : shape(std::move(s)), data(size_t(element_count(shape)), T(0)) {}
  TensorT(std::vector<int64_t> s, std::vector<T> d) : shape(std::move(s)), data(std::move(d)) {
    check(int64_t(data.size()) == element_count(shape), "tensor data does not match shape " + shape_string(shape));
  }

  static TensorT full(std::vector<int64_t> s, T value) {
    TensorT t(std::move(s));
    t.data.assign(t.data.size(), value);
    return t;
  }

  int64_t size() const { return int64_t(data.size()); }
  int64_t rank() const { return int64_t(shape.size()); }
  // Negative i counts from the end, as Keras axes do.
  int64_t dim(int64_t i) const { return shape.at(size_t(i < 0 ? i + rank() : i)); }

  int64_t offset(std::initializer_list<int64_t> index) const {
    check(int64_t(index.size()) == rank(), "index rank differs from tensor rank " + shape_string(shape));
    int64_t flat = 0, d = 0;
    for (int64_t i : index) {
      check(i >= 0 && i < shape[size_t(d)], "index out of range for " + shape_string(shape));
      flat = flat * shape[size_t(d++)] + i;
    }
    return flat;
  }
  T &at(std::initializer_list<int64_t> index) { return data[size_t(offset(index))]; }
  const T &at(std::initializer_list<int64_t> index) const { return data[size_t(offset(index))]; }
  T &operator[](int64_t i) { return data[size_t(i)]; }
  const T &operator[](int64_t i) const { return data[size_t(i)]; }

  template <class U> TensorT<U> cast() const { return TensorT<U>(shape, std::vector<U>(data.begin(), data.end())); }
};

using Tensor = TensorT<float>;
using TensorD = TensorT<double>;

// Optional operands (bias, gamma, beta) are pointers, null when absent. The alias keeps T from being deduced
// through them, so a bare nullptr works: conv2d(x, k, nullptr, attrs).
template <class T> struct NonDeduced { using type = T; };
template <class T> using MaybeTensor = const typename NonDeduced<TensorT<T>>::type *;

// The Keras spellings of xnn's enums (XnnAttrs.td).
enum class Padding { valid, same };
enum class Activation { linear, relu, relu6, sigmoid, softmax };

//===------------------------------------------------------------------===//
// Windows: the index arithmetic shared by conv, depthwise conv and pools, forward and backward.
//===------------------------------------------------------------------===//

// One spatial axis of a windowed op. Tap k of output o reads input index o*stride + k*dilation - pad_before,
// which lies outside [0, in) for padded taps.
struct WindowAxis {
  int64_t in = 0, kernel = 1, stride = 1, dilation = 1;
  int64_t pad_before = 0, pad_after = 0, out = 0;
  int64_t input_index(int64_t o, int64_t k) const { return o * stride + k * dilation - pad_before; }
};

// TensorFlow's rule: valid gives ceil((in - (k-1)*d) / s) outputs, same gives ceil(in / s) outputs with
// pad_total = max((out-1)*s + (k-1)*d + 1 - in, 0), the smaller half before (asymmetric when odd).
WindowAxis make_window_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, Padding padding);

struct Window2D {
  WindowAxis h, w;
};

// Calls f(ky, kx, iy, ix) for every tap of output (oy, ox) that lands inside the image, ky-major then kx:
// padded taps are skipped, which is zero padding for convs, -inf padding for max-pool and the in-image
// divisor for avg-pool. The visiting order defines "first max" for max-pool ties.
template <class F> void for_each_tap(const Window2D &win, int64_t oy, int64_t ox, F &&f) {
  for (int64_t ky = 0; ky < win.h.kernel; ++ky) {
    int64_t iy = win.h.input_index(oy, ky);
    if (iy < 0 || iy >= win.h.in)
      continue;
    for (int64_t kx = 0; kx < win.w.kernel; ++kx) {
      int64_t ix = win.w.input_index(ox, kx);
      if (ix >= 0 && ix < win.w.in)
        f(ky, kx, iy, ix);
    }
  }
}

//===------------------------------------------------------------------===//
// Elementwise layers: Rescaling, Activation, Dropout.
//===------------------------------------------------------------------===//

template <class T> TensorT<T> rescaling(const TensorT<T> &x, double scale, double offset = 0.0);
template <class T> TensorT<T> rescaling_backward(const TensorT<T> &dy, double scale);

// Softmax is over the last axis.
template <class T> TensorT<T> activation(const TensorT<T> &x, Activation a);
template <class T> TensorT<T> activation_backward(const TensorT<T> &x, Activation a, const TensorT<T> &dy);
// The same gradient from the forward output y: every supported activation's derivative is a function of y
// (relu: y>0, relu6: 0<y<6, sigmoid: y(1-y), softmax: y(dy - <dy,y>)), which is what fused layers use.
template <class T> TensorT<T> activation_backward_from_output(const TensorT<T> &y, Activation a, const TensorT<T> &dy);

// Training-mode Dropout with an explicit mask (1 keeps, 0 drops), same shape as x: y = x*mask/(1-rate).
// Inference-mode Dropout is the identity and needs no function.
template <class T> TensorT<T> dropout(const TensorT<T> &x, const TensorT<T> &keep_mask, double rate);
template <class T> TensorT<T> dropout_backward(const TensorT<T> &dy, const TensorT<T> &keep_mask, double rate);

//===------------------------------------------------------------------===//
// Weighted layers: Conv2D, DepthwiseConv2D, SeparableConv2D, Dense. `bias` is null when absent.
//===------------------------------------------------------------------===//

struct Conv2DAttrs {
  std::array<int64_t, 2> strides{1, 1};
  std::array<int64_t, 2> dilation_rate{1, 1};
  Padding padding = Padding::valid;
  Activation activation = Activation::linear;
};

// Gradients of a layer with one kernel; `bias` stays empty when the layer has none.
template <class T> struct LayerGrads { TensorT<T> input, kernel, bias; };

// input [N,H,W,Cin], kernel [kh,kw,Cin,Cout], bias [Cout] -> [N,OH,OW,Cout].
template <class T>
TensorT<T> conv2d(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias, const Conv2DAttrs &attrs);
template <class T>
LayerGrads<T> conv2d_backward(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias,
                              const Conv2DAttrs &attrs, const TensorT<T> &dy);

// input [N,H,W,C], depthwise_kernel [kh,kw,C,m], bias [C*m] -> [N,OH,OW,C*m]; output channel c*m+j.
template <class T>
TensorT<T> depthwise_conv2d(const TensorT<T> &input, const TensorT<T> &depthwise_kernel, MaybeTensor<T> bias,
                            const Conv2DAttrs &attrs);
template <class T>
LayerGrads<T> depthwise_conv2d_backward(const TensorT<T> &input, const TensorT<T> &depthwise_kernel,
                                        MaybeTensor<T> bias, const Conv2DAttrs &attrs, const TensorT<T> &dy);

template <class T> struct SeparableGrads { TensorT<T> input, depthwise_kernel, pointwise_kernel, bias; };

// Depthwise [kh,kw,C,m] (strides, padding, dilation apply here), then pointwise [1,1,C*m,Cout], then bias
// [Cout] and the activation.
template <class T>
TensorT<T> separable_conv2d(const TensorT<T> &input, const TensorT<T> &depthwise_kernel,
                            const TensorT<T> &pointwise_kernel, MaybeTensor<T> bias, const Conv2DAttrs &attrs);
template <class T>
SeparableGrads<T> separable_conv2d_backward(const TensorT<T> &input, const TensorT<T> &depthwise_kernel,
                                            const TensorT<T> &pointwise_kernel, MaybeTensor<T> bias,
                                            const Conv2DAttrs &attrs, const TensorT<T> &dy);

// input [..., in], kernel [in, out], bias [out] -> [..., out].
template <class T>
TensorT<T> dense(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias, Activation activation);
template <class T>
LayerGrads<T> dense_backward(const TensorT<T> &input, const TensorT<T> &kernel, MaybeTensor<T> bias,
                             Activation activation, const TensorT<T> &dy);

//===------------------------------------------------------------------===//
// BatchNormalization over the last axis. gamma/beta are null when Keras built the layer without them.
//===------------------------------------------------------------------===//

template <class T> struct BatchNormGrads {
  TensorT<T> input, gamma, beta; // gamma/beta empty when absent
};

// gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta.
template <class T>
TensorT<T> batch_norm_inference(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                const TensorT<T> &moving_mean, const TensorT<T> &moving_variance, double epsilon);
// Mean and variance are constants in inference mode, so they get no gradient.
template <class T>
BatchNormGrads<T> batch_norm_inference_backward(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                                const TensorT<T> &moving_mean, const TensorT<T> &moving_variance,
                                                double epsilon, const TensorT<T> &dy);

template <class T> struct BatchNormTrainingResult {
  TensorT<T> output;
  TensorT<T> batch_mean, batch_variance;   // over every axis but the last; variance is biased
  TensorT<T> moving_mean, moving_variance; // the updated moving statistics
};

// Keras 3 (keras/src/layers/normalization/batch_normalization.py) takes ops.moments(), i.e. the BIASED
// variance (divide by the element count), and uses that same biased variance both to normalise and in the
// moving update new = momentum*old + (1-momentum)*batch. PyTorch's running_var uses the unbiased one instead,
// so a torch golden for the moving variance would be wrong for Keras; we follow Keras.
template <class T>
BatchNormTrainingResult<T> batch_norm_training(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                               const TensorT<T> &moving_mean, const TensorT<T> &moving_variance,
                                               double epsilon, double momentum);
// The moving statistics do not affect the output in training mode, so they are not operands here.
template <class T>
BatchNormGrads<T> batch_norm_training_backward(const TensorT<T> &x, MaybeTensor<T> gamma, MaybeTensor<T> beta,
                                               double epsilon, const TensorT<T> &dy);

//===------------------------------------------------------------------===//
// Pools.
//===------------------------------------------------------------------===//

struct Pool2DAttrs {
  std::array<int64_t, 2> pool_size{2, 2};
  std::optional<std::array<int64_t, 2>> strides; // Keras: defaults to pool_size
  Padding padding = Padding::valid;
  std::array<int64_t, 2> effective_strides() const { return strides ? *strides : pool_size; }
};

// 'same' pads with -inf: padded taps never win, and ties go to the first tap in window order.
template <class T> TensorT<T> max_pool2d(const TensorT<T> &x, const Pool2DAttrs &attrs);
template <class T> TensorT<T> max_pool2d_backward(const TensorT<T> &x, const Pool2DAttrs &attrs, const TensorT<T> &dy);
// 'same' divides by the number of in-image taps only (Keras/TF, unlike PyTorch's count_include_pad).
template <class T> TensorT<T> avg_pool2d(const TensorT<T> &x, const Pool2DAttrs &attrs);
template <class T> TensorT<T> avg_pool2d_backward(const TensorT<T> &x, const Pool2DAttrs &attrs, const TensorT<T> &dy);

// [N,H,W,C] -> [N,C], or [N,1,1,C] with keepdims.
template <class T> TensorT<T> global_avg_pool2d(const TensorT<T> &x, bool keepdims = false);
template <class T> TensorT<T> global_avg_pool2d_backward(const TensorT<T> &x, bool keepdims, const TensorT<T> &dy);
// Ties go to the first position in row-major (h, w) order.
template <class T> TensorT<T> global_max_pool2d(const TensorT<T> &x, bool keepdims = false);
template <class T> TensorT<T> global_max_pool2d_backward(const TensorT<T> &x, bool keepdims, const TensorT<T> &dy);

//===------------------------------------------------------------------===//
// Structural layers: Add, Concatenate, ZeroPadding2D, Flatten, Reshape.
//===------------------------------------------------------------------===//

template <class T> TensorT<T> add(const std::vector<TensorT<T>> &inputs);
template <class T> std::vector<TensorT<T>> add_backward(size_t num_inputs, const TensorT<T> &dy);

template <class T> TensorT<T> concatenate(const std::vector<TensorT<T>> &inputs, int64_t axis = -1);
template <class T>
std::vector<TensorT<T>> concatenate_backward(const std::vector<TensorT<T>> &inputs, int64_t axis, const TensorT<T> &dy);

// padding = [top, bottom, left, right] on [N,H,W,C].
template <class T> TensorT<T> zero_padding2d(const TensorT<T> &x, const std::array<int64_t, 4> &padding);
template <class T> TensorT<T> zero_padding2d_backward(const TensorT<T> &dy, const std::array<int64_t, 4> &padding);

// [N, ...] -> [N, prod(...)].
template <class T> TensorT<T> flatten(const TensorT<T> &x);
// target_shape excludes the batch dimension; one entry may be -1.
template <class T> TensorT<T> reshape(const TensorT<T> &x, const std::vector<int64_t> &target_shape);
// Backward of flatten and reshape: the same data in the input's shape.
template <class T> TensorT<T> reshape_backward(const TensorT<T> &dy, const std::vector<int64_t> &input_shape);

//===------------------------------------------------------------------===//
// Losses and metrics. Predictions are [..., K]; the per-sample loss is the mean over the last axis (K) for
// binary crossentropy and the crossentropy of the labelled class for sparse categorical. Reduction is Keras's
// sum_over_batch_size: sum(w * loss) / (number of per-sample losses). `sample_weight` is indexed by the batch
// dimension (empty = all ones). Backward returns d(loss)/d(y_pred).
//===------------------------------------------------------------------===//

constexpr double kKerasEpsilon = 1e-7; // keras.config.epsilon(): the probability clip

// from_logits uses max(x,0) - x*y + log(1+exp(-|x|)); from probabilities clips to [eps, 1-eps] first.
template <class T>
T binary_crossentropy(const TensorT<T> &y_true, const TensorT<T> &y_pred, bool from_logits,
                      const std::vector<double> &sample_weight = {});
template <class T>
TensorT<T> binary_crossentropy_backward(const TensorT<T> &y_true, const TensorT<T> &y_pred, bool from_logits,
                                        const std::vector<double> &sample_weight = {});

// labels: one class index per row of y_pred (rows = every axis but the last). from_logits uses log-softmax;
// from probabilities normalises each row to sum 1, clips to [eps, 1-eps] and takes -log (Keras's jax/numpy
// backends; the TF backend clips before renormalising, which differs only where the clip is active).
template <class T>
T sparse_categorical_crossentropy(const std::vector<int64_t> &labels, const TensorT<T> &y_pred, bool from_logits,
                                  const std::vector<double> &sample_weight = {});
template <class T>
TensorT<T> sparse_categorical_crossentropy_backward(const std::vector<int64_t> &labels, const TensorT<T> &y_pred,
                                                    bool from_logits, const std::vector<double> &sample_weight = {});

// Keras fit(class_weight=...): weight of each sample's class, 1 for classes the map does not name.
std::vector<double> class_weight_to_sample_weight(const std::vector<int64_t> &labels,
                                                  const std::map<int64_t, double> &class_weight);

// Fraction of elements with (y_pred > threshold) == y_true; Keras thresholds at 0.5 even for logits.
template <class T> double binary_accuracy(const TensorT<T> &y_true, const TensorT<T> &y_pred, double threshold = 0.5);
// Fraction of rows whose argmax (first on ties) is the label.
template <class T> double sparse_categorical_accuracy(const std::vector<int64_t> &labels, const TensorT<T> &y_pred);

//===------------------------------------------------------------------===//
// Optimizers (one parameter tensor per call; slots start empty and are zero-filled on first use).
//===------------------------------------------------------------------===//

struct AdamConfig {
  double learning_rate = 1e-3, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7;
};
template <class T> struct AdamSlots { TensorT<T> m, v; };
// Keras (keras/src/optimizers/adam.py), step t = iterations + 1 (1-based):
//   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w -= lr sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps).
template <class T>
void adam_step(TensorT<T> &w, const TensorT<T> &g, AdamSlots<T> &slots, int64_t t, const AdamConfig &config);

struct SgdConfig {
  double learning_rate = 1e-2, momentum = 0.0;
  bool nesterov = false;
};
// Keras: v = momentum v - lr g; w += v (nesterov: w += momentum v - lr g). Without momentum: w -= lr g.
template <class T> void sgd_step(TensorT<T> &w, const TensorT<T> &g, TensorT<T> &velocity, const SgdConfig &config);

} // namespace xcc::ref
