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

Halide::Runtime::Buffer<float> wrap(const ref::Tensor &t) {
  return wrap(t.shape, const_cast<float *>(t.data.data()));
}

void call(ArgvFunction fn, std::vector<void *> &args) {
  if (int rc = fn(args.data()); rc != 0)
    throw std::runtime_error("generated function returned " + std::to_string(rc));
}

} // namespace

TrainOutputs callTrainStep(ArgvFunction fn, const TrainInputs &in) {
  TrainOutputs out;
  out.metricHits.assign(in.metrics, 0.0f);
  out.params = in.params;
  out.slots = in.slots;
  std::vector<Halide::Runtime::Buffer<float>> buffers{wrap(in.input), wrap(in.labels), wrap(in.sampleWeights)};
  for (const ref::Tensor &p : in.params)
    buffers.push_back(wrap(p));
  for (const auto &slot : in.slots)
    for (const ref::Tensor &p : slot)
      buffers.push_back(wrap(p));
  size_t firstOutput = buffers.size();
  buffers.push_back(Halide::Runtime::Buffer<float>(&out.loss, std::vector<int>{}));
  buffers.push_back(Halide::Runtime::Buffer<float>(out.metricHits.data(), int(in.metrics)));
  for (size_t i = 0; i < out.params.size(); ++i) {
    buffers.push_back(wrap(out.params[i]));
    for (auto &slot : out.slots)
      buffers.push_back(wrap(slot[i]));
  }
  float lr = in.learningRate;
  int32_t iteration = in.iteration, seed = in.dropoutSeed, sampleOffset = 0;
  std::vector<void *> args;
  for (size_t i = 0; i < firstOutput; ++i)
    args.push_back(buffers[i].raw_buffer());
  args.insert(args.end(), {&lr, &iteration, &seed, &sampleOffset});
  for (size_t i = firstOutput; i < buffers.size(); ++i)
    args.push_back(buffers[i].raw_buffer());
  call(fn, args);
  return out;
}

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
  call(fn, args);
  return out;
}

} // namespace xcc::test
