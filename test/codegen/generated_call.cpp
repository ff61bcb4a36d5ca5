#include "generated_call.h"

#include "HalideBuffer.h"

#include <stdexcept>
#include <string>

namespace xcc::test {
namespace {

/// Keras [d0, ..., dk] row-major is a Halide buffer with dimensions (dk, ..., d0), sharing the data.
Halide::Runtime::Buffer<float> wrap(const std::vector<int64_t> &shape, float *data) {
  std::vector<int> sizes(shape.rbegin(), shape.rend());
  return Halide::Runtime::Buffer<float>(data, sizes);
}

} // namespace

ref::Tensor callGenerated(ArgvFunction fn, const ref::Tensor &input, const std::vector<ref::Tensor> &params,
                          const std::vector<int64_t> &outputShape) {
  ref::Tensor out(outputShape);
  std::vector<Halide::Runtime::Buffer<float>> buffers;
  buffers.push_back(wrap(input.shape, const_cast<float *>(input.data.data())));
  for (const ref::Tensor &p : params)
    buffers.push_back(wrap(p.shape, const_cast<float *>(p.data.data())));
  buffers.push_back(wrap(out.shape, out.data.data()));
  std::vector<void *> args;
  for (auto &b : buffers)
    args.push_back(b.raw_buffer());
  if (int rc = fn(args.data()); rc != 0)
    throw std::runtime_error("generated function returned " + std::to_string(rc));
  return out;
}

} // namespace xcc::test
