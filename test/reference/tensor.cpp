// Shape helpers and the window rule shared by every windowed op.
#include "reference.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace xcc::ref {

void check(bool ok, const std::string &what) {
  if (!ok)
    throw std::invalid_argument("xcc::ref: " + what);
}

int64_t element_count(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    check(d >= 0, "negative dimension");
    n *= d;
  }
  return n;
}

std::string shape_string(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << '[';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? "," : "") << shape[i];
  os << ']';
  return os.str();
}

static int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

WindowAxis make_window_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, Padding padding) {
  check(in > 0 && kernel > 0 && stride > 0 && dilation > 0, "window sizes must be positive");
  WindowAxis a;
  a.in = in;
  a.kernel = kernel;
  a.stride = stride;
  a.dilation = dilation;
  int64_t effective = (kernel - 1) * dilation + 1;
  if (padding == Padding::valid) {
    check(in >= effective, "valid window larger than the input");
    a.out = ceil_div(in - effective + 1, stride);
    return a;
  }
  a.out = ceil_div(in, stride);
  int64_t total = std::max<int64_t>((a.out - 1) * stride + effective - in, 0);
  a.pad_before = total / 2;
  a.pad_after = total - a.pad_before;
  return a;
}

} // namespace xcc::ref
