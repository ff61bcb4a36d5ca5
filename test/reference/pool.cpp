// MaxPooling2D, AveragePooling2D and their global forms, forward and backward. Padded taps are skipped by
// for_each_tap: for max that is -inf padding, for average it makes the divisor the in-image count.
#include "reference.h"

#include <cmath>

namespace xcc::ref {
namespace {

struct PoolGeometry {
  int64_t batch = 0, channels = 0;
  Window2D win;

  std::vector<int64_t> output_shape() const { return {batch, win.h.out, win.w.out, channels}; }
  int64_t x_index(int64_t n, int64_t iy, int64_t ix, int64_t c) const {
    return ((n * win.h.in + iy) * win.w.in + ix) * channels + c;
  }
  // Calls f(y_index, visit) per output, where visit(g) calls g(x_index) for each in-image tap in window order.
  template <class F> void for_each_output(F &&f) const {
    for (int64_t n = 0; n < batch; ++n)
      for (int64_t oy = 0; oy < win.h.out; ++oy)
        for (int64_t ox = 0; ox < win.w.out; ++ox)
          for (int64_t c = 0; c < channels; ++c) {
            auto visit = [&](auto &&g) {
              for_each_tap(win, oy, ox, [&](int64_t, int64_t, int64_t iy, int64_t ix) { g(x_index(n, iy, ix, c)); });
            };
            f(((n * win.h.out + oy) * win.w.out + ox) * channels + c, visit);
          }
  }
};

PoolGeometry pool_geometry(const std::vector<int64_t> &x, const Pool2DAttrs &a) {
  check(x.size() == 4, "pool input must be [N,H,W,C], got " + shape_string(x));
  std::array<int64_t, 2> s = a.effective_strides();
  PoolGeometry g;
  g.batch = x[0];
  g.channels = x[3];
  g.win.h = make_window_axis(x[1], a.pool_size[0], s[0], 1, a.padding);
  g.win.w = make_window_axis(x[2], a.pool_size[1], s[1], 1, a.padding);
  return g;
}

// Index of the first largest in-image tap, or -1 for a window with no in-image tap.
template <class T, class Visit> int64_t argmax_tap(const TensorT<T> &x, Visit &&visit) {
  int64_t best = -1;
  visit([&](int64_t xi) {
    if (best < 0 || x[xi] > x[best])
      best = xi; // strict: ties keep the first
  });
  return best;
}

template <class T> void check_dy(const TensorT<T> &dy, const PoolGeometry &g) {
  check(dy.shape == g.output_shape(),
        "pool: dy shape " + shape_string(dy.shape) + " != output " + shape_string(g.output_shape()));
}

Pool2DAttrs global_window(const std::vector<int64_t> &x) {
  check(x.size() == 4, "global pool input must be [N,H,W,C], got " + shape_string(x));
  Pool2DAttrs a;
  a.pool_size = {x[1], x[2]}; // one valid window over the whole image, visited in row-major (h, w) order
  return a;
}

std::vector<int64_t> global_shape(const std::vector<int64_t> &x, bool keepdims) {
  return keepdims ? std::vector<int64_t>{x[0], 1, 1, x[3]} : std::vector<int64_t>{x[0], x[3]};
}

} // namespace

template <class T> TensorT<T> max_pool2d(const TensorT<T> &x, const Pool2DAttrs &attrs) {
  PoolGeometry g = pool_geometry(x.shape, attrs);
  TensorT<T> y(g.output_shape());
  g.for_each_output([&](int64_t yi, auto &&visit) {
    int64_t best = argmax_tap(x, visit);
    y[yi] = best < 0 ? T(-INFINITY) : x[best];
  });
  return y;
}

template <class T> TensorT<T> max_pool2d_backward(const TensorT<T> &x, const Pool2DAttrs &attrs, const TensorT<T> &dy) {
  PoolGeometry g = pool_geometry(x.shape, attrs);
  check_dy(dy, g);
  std::vector<double> dx(size_t(x.size()), 0.0);
  g.for_each_output([&](int64_t yi, auto &&visit) {
    int64_t best = argmax_tap(x, visit);
    if (best >= 0)
      dx[size_t(best)] += double(dy[yi]);
  });
  return TensorD(x.shape, dx).template cast<T>();
}

template <class T> TensorT<T> avg_pool2d(const TensorT<T> &x, const Pool2DAttrs &attrs) {
  PoolGeometry g = pool_geometry(x.shape, attrs);
  TensorT<T> y(g.output_shape());
  g.for_each_output([&](int64_t yi, auto &&visit) {
    double sum = 0;
    int64_t count = 0;
    visit([&](int64_t xi) { sum += double(x[xi]), ++count; });
    y[yi] = count ? T(sum / double(count)) : T(0);
  });
  return y;
}

template <class T> TensorT<T> avg_pool2d_backward(const TensorT<T> &x, const Pool2DAttrs &attrs, const TensorT<T> &dy) {
  PoolGeometry g = pool_geometry(x.shape, attrs);
  check_dy(dy, g);
  std::vector<double> dx(size_t(x.size()), 0.0);
  g.for_each_output([&](int64_t yi, auto &&visit) {
    int64_t count = 0;
    visit([&](int64_t) { ++count; });
    visit([&](int64_t xi) { dx[size_t(xi)] += double(dy[yi]) / double(count); });
  });
  return TensorD(x.shape, dx).template cast<T>();
}

template <class T> TensorT<T> global_avg_pool2d(const TensorT<T> &x, bool keepdims) {
  TensorT<T> y = avg_pool2d(x, global_window(x.shape));
  return TensorT<T>(global_shape(x.shape, keepdims), y.data);
}

template <class T> TensorT<T> global_avg_pool2d_backward(const TensorT<T> &x, bool keepdims, const TensorT<T> &dy) {
  check(dy.shape == global_shape(x.shape, keepdims), "global_avg_pool2d: dy shape " + shape_string(dy.shape));
  return avg_pool2d_backward(x, global_window(x.shape), TensorT<T>(global_shape(x.shape, true), dy.data));
}

template <class T> TensorT<T> global_max_pool2d(const TensorT<T> &x, bool keepdims) {
  TensorT<T> y = max_pool2d(x, global_window(x.shape));
  return TensorT<T>(global_shape(x.shape, keepdims), y.data);
}

template <class T> TensorT<T> global_max_pool2d_backward(const TensorT<T> &x, bool keepdims, const TensorT<T> &dy) {
  check(dy.shape == global_shape(x.shape, keepdims), "global_max_pool2d: dy shape " + shape_string(dy.shape));
  return max_pool2d_backward(x, global_window(x.shape), TensorT<T>(global_shape(x.shape, true), dy.data));
}

#define XCC_REF_INSTANTIATE(T)                                                                                         \
  template TensorT<T> max_pool2d(const TensorT<T> &, const Pool2DAttrs &);                                             \
  template TensorT<T> max_pool2d_backward(const TensorT<T> &, const Pool2DAttrs &, const TensorT<T> &);                \
  template TensorT<T> avg_pool2d(const TensorT<T> &, const Pool2DAttrs &);                                             \
  template TensorT<T> avg_pool2d_backward(const TensorT<T> &, const Pool2DAttrs &, const TensorT<T> &);                \
  template TensorT<T> global_avg_pool2d(const TensorT<T> &, bool);                                                     \
  template TensorT<T> global_avg_pool2d_backward(const TensorT<T> &, bool, const TensorT<T> &);                        \
  template TensorT<T> global_max_pool2d(const TensorT<T> &, bool);                                                     \
  template TensorT<T> global_max_pool2d_backward(const TensorT<T> &, bool, const TensorT<T> &);
XCC_REF_INSTANTIATE(float)
XCC_REF_INSTANTIATE(double)

} // namespace xcc::ref
