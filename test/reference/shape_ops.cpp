// Add, Concatenate, ZeroPadding2D, Flatten and Reshape: layers that only move or sum data, so each forward
// and backward pair walks the same index map in opposite directions.
#include "reference.h"

#include <functional>

namespace xcc::ref {
namespace {

// Concatenate's index map: calls f(input, input_offset, output_offset, length) for each contiguous block.
void for_each_concat_block(const std::vector<std::vector<int64_t>> &shapes, int64_t axis,
                           const std::function<void(size_t, int64_t, int64_t, int64_t)> &f) {
  const std::vector<int64_t> &first = shapes.front();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= first[size_t(d)];
  for (size_t d = size_t(axis) + 1; d < first.size(); ++d)
    inner *= first[d];
  int64_t out_offset = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (size_t k = 0; k < shapes.size(); ++k) {
      int64_t len = shapes[k][size_t(axis)] * inner;
      f(k, o * len, out_offset, len);
      out_offset += len;
    }
}

template <class T>
std::vector<std::vector<int64_t>> concat_shapes(const std::vector<TensorT<T>> &inputs, int64_t &axis,
                                                std::vector<int64_t> &out_shape) {
  check(!inputs.empty(), "concatenate needs at least one input");
  int64_t rank = inputs.front().rank();
  if (axis < 0)
    axis += rank;
  check(axis >= 0 && axis < rank, "concatenate: axis out of range");
  std::vector<std::vector<int64_t>> shapes;
  out_shape = inputs.front().shape;
  out_shape[size_t(axis)] = 0;
  for (const TensorT<T> &t : inputs) {
    std::vector<int64_t> a = t.shape, b = inputs.front().shape;
    check(t.rank() == rank, "concatenate: ranks differ");
    a[size_t(axis)] = b[size_t(axis)] = 0;
    check(a == b, "concatenate: shapes differ off the axis: " + shape_string(t.shape));
    out_shape[size_t(axis)] += t.dim(axis);
    shapes.push_back(t.shape);
  }
  return shapes;
}

// ZeroPadding2D's index map: calls f(x_index, y_index) for every input element.
void for_each_padded(const std::vector<int64_t> &x, const std::array<int64_t, 4> &p,
                     const std::function<void(int64_t, int64_t)> &f) {
  int64_t oh = x[1] + p[0] + p[1], ow = x[2] + p[2] + p[3], c = x[3];
  int64_t xi = 0;
  for (int64_t n = 0; n < x[0]; ++n)
    for (int64_t h = 0; h < x[1]; ++h)
      for (int64_t w = 0; w < x[2]; ++w)
        for (int64_t k = 0; k < c; ++k)
          f(xi++, ((n * oh + h + p[0]) * ow + w + p[2]) * c + k);
}

} // namespace

template <class T> TensorT<T> add(const std::vector<TensorT<T>> &inputs) {
  check(!inputs.empty(), "add needs at least one input");
  std::vector<double> sum(size_t(inputs.front().size()), 0.0);
  for (const TensorT<T> &t : inputs) {
    check(t.shape == inputs.front().shape, "add: shapes differ: " + shape_string(t.shape));
    for (int64_t i = 0; i < t.size(); ++i)
      sum[size_t(i)] += double(t[i]);
  }
  return TensorD(inputs.front().shape, sum).template cast<T>();
}

template <class T> std::vector<TensorT<T>> add_backward(size_t num_inputs, const TensorT<T> &dy) {
  return std::vector<TensorT<T>>(num_inputs, dy);
}

template <class T> TensorT<T> concatenate(const std::vector<TensorT<T>> &inputs, int64_t axis) {
  std::vector<int64_t> out_shape;
  auto shapes = concat_shapes(inputs, axis, out_shape);
  TensorT<T> y(out_shape);
  for_each_concat_block(shapes, axis, [&](size_t k, int64_t in_off, int64_t out_off, int64_t len) {
    for (int64_t i = 0; i < len; ++i)
      y[out_off + i] = inputs[k][in_off + i];
  });
  return y;
}

template <class T>
std::vector<TensorT<T>> concatenate_backward(const std::vector<TensorT<T>> &inputs, int64_t axis,
                                             const TensorT<T> &dy) {
  std::vector<int64_t> out_shape;
  auto shapes = concat_shapes(inputs, axis, out_shape);
  check(dy.shape == out_shape, "concatenate: dy shape " + shape_string(dy.shape));
  std::vector<TensorT<T>> dx;
  for (const auto &s : shapes)
    dx.emplace_back(s);
  for_each_concat_block(shapes, axis, [&](size_t k, int64_t in_off, int64_t out_off, int64_t len) {
    for (int64_t i = 0; i < len; ++i)
      dx[k][in_off + i] = dy[out_off + i];
  });
  return dx;
}

template <class T> TensorT<T> zero_padding2d(const TensorT<T> &x, const std::array<int64_t, 4> &padding) {
  check(x.rank() == 4, "zero_padding2d input must be [N,H,W,C]");
  for (int64_t p : padding)
    check(p >= 0, "zero_padding2d: negative padding");
  TensorT<T> y({x.dim(0), x.dim(1) + padding[0] + padding[1], x.dim(2) + padding[2] + padding[3], x.dim(3)});
  for_each_padded(x.shape, padding, [&](int64_t xi, int64_t yi) { y[yi] = x[xi]; });
  return y;
}

template <class T> TensorT<T> zero_padding2d_backward(const TensorT<T> &dy, const std::array<int64_t, 4> &padding) {
  check(dy.rank() == 4, "zero_padding2d dy must be [N,H,W,C]");
  std::vector<int64_t> x_shape{dy.dim(0), dy.dim(1) - padding[0] - padding[1], dy.dim(2) - padding[2] - padding[3],
                               dy.dim(3)};
  TensorT<T> dx(x_shape);
  for_each_padded(x_shape, padding, [&](int64_t xi, int64_t yi) { dx[xi] = dy[yi]; });
  return dx;
}

template <class T> TensorT<T> flatten(const TensorT<T> &x) {
  check(x.rank() >= 1, "flatten needs a batch dimension");
  return TensorT<T>({x.dim(0), x.dim(0) ? x.size() / x.dim(0) : 0}, x.data);
}

template <class T> TensorT<T> reshape(const TensorT<T> &x, const std::vector<int64_t> &target_shape) {
  check(x.rank() >= 1, "reshape needs a batch dimension");
  std::vector<int64_t> shape{x.dim(0)};
  int64_t known = 1, inferred = -1;
  for (size_t i = 0; i < target_shape.size(); ++i) {
    if (target_shape[i] == -1) {
      check(inferred < 0, "reshape: more than one -1");
      inferred = int64_t(i) + 1;
    } else {
      known *= target_shape[i];
    }
    shape.push_back(target_shape[i]);
  }
  int64_t per_sample = x.dim(0) ? x.size() / x.dim(0) : 0;
  if (inferred >= 0) {
    check(known > 0 && per_sample % known == 0, "reshape: cannot infer -1");
    shape[size_t(inferred)] = per_sample / known;
  }
  return TensorT<T>(shape, x.data); // the constructor rejects a size mismatch
}

template <class T> TensorT<T> reshape_backward(const TensorT<T> &dy, const std::vector<int64_t> &input_shape) {
  return TensorT<T>(input_shape, dy.data);
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template TensorT<T> add(const std::vector<TensorT<T>> &);                                                            \
  template std::vector<TensorT<T>> add_backward(size_t, const TensorT<T> &);                                           \
  template TensorT<T> concatenate(const std::vector<TensorT<T>> &, int64_t);                                           \
  template std::vector<TensorT<T>> concatenate_backward(const std::vector<TensorT<T>> &, int64_t, const TensorT<T> &); \
  template TensorT<T> zero_padding2d(const TensorT<T> &, const std::array<int64_t, 4> &);                              \
  template TensorT<T> zero_padding2d_backward(const TensorT<T> &, const std::array<int64_t, 4> &);                     \
  template TensorT<T> flatten(const TensorT<T> &);                                                                     \
  template TensorT<T> reshape(const TensorT<T> &, const std::vector<int64_t> &);                                       \
  template TensorT<T> reshape_backward(const TensorT<T> &, const std::vector<int64_t> &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
