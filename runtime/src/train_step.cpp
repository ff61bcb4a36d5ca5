// The train step's driver: the values passed between its three generated pipelines live only during the call,
// in memory from the generated code's allocator (generated_memory.cpp keeps it cached between steps, so a step
// of a given batch size allocates nothing after the first).
#include "xcc/runtime/abi.h"
#include "xcc/runtime/train_plan.h"

#include <cstddef>
#include <vector>

extern "C" void *halide_malloc(void *user_context, size_t bytes);
extern "C" void halide_free(void *user_context, void *block);

namespace {

/// A dense float32 buffer in Halide's layout: dimension 0 is the Keras shape's last axis.
struct Tensor {
  xcc_dimension_t dim[4] = {};
  xcc_buffer_t buffer = {};

  Tensor(const xcc_tensor_desc &desc, int32_t batch, void *data) {
    int32_t stride = 1;
    for (int32_t d = 0; d < desc.rank; ++d) {
      int32_t extent = desc.shape[desc.rank - 1 - d];
      dim[d] = {0, extent < 0 ? batch : extent, stride, 0};
      stride *= dim[d].extent;
    }
    buffer.host = static_cast<uint8_t *>(data);
    buffer.type = {XCC_TYPE_FLOAT, 32, 1};
    buffer.dimensions = desc.rank;
    buffer.dim = dim;
  }
  size_t bytes() const {
    size_t n = sizeof(float);
    for (int32_t d = 0; d < buffer.dimensions; ++d)
      n *= size_t(dim[d].extent);
    return n;
  }
};

/// Memory for the stored values and gradients of one call, returned however the call ends.
class Scratch {
public:
  ~Scratch() {
    for (void *block : blocks)
      halide_free(nullptr, block);
  }
  bool add(Tensor &t) {
    void *block = halide_malloc(nullptr, t.bytes());
    if (!block)
      return false;
    blocks.push_back(block);
    t.buffer.host = static_cast<uint8_t *>(block);
    return true;
  }

private:
  std::vector<void *> blocks;
};

} // namespace

extern "C" int xcc_run_train_step(const xcc_train_plan *plan, void **argv) {
  const int32_t P = plan->num_params, S = plan->num_slots;
  auto *input = static_cast<xcc_buffer_t *>(argv[0]);
  int32_t batch = input->dim[input->dimensions - 1].extent;
  void **params = argv + 3, **slots = params + P, **scalars = slots + size_t(S) * P;
  void *learningRate = scalars[0], *iteration = scalars[1], *dropoutSeed = scalars[2];
  void **outputs = scalars + 3; // loss, metrics, then per parameter: value, slots...

  Scratch scratch;
  std::vector<Tensor> stored, grads;
  stored.reserve(size_t(plan->num_stored));
  grads.reserve(size_t(P));
  for (int32_t i = 0; i < plan->num_stored; ++i) {
    stored.emplace_back(plan->stored[i], batch, nullptr);
    if (!plan->stored_is_input[i] && !scratch.add(stored.back()))
      return -1;
  }
  for (int32_t i = 0; i < P; ++i)
    if (plan->reached[i]) {
      grads.emplace_back(plan->params[i], batch, nullptr);
      if (!scratch.add(grads.back()))
        return -1;
    }
  auto storedArg = [&](int32_t i) -> void * {
    return plan->stored_is_input[i] ? static_cast<void *>(input) : &stored[size_t(i)].buffer;
  };

  std::vector<void *> args{input};
  args.insert(args.end(), params, params + P);
  args.insert(args.end(), {iteration, dropoutSeed});
  for (int32_t i = 0; i < plan->num_stored; ++i)
    if (!plan->stored_is_input[i])
      args.push_back(storedArg(i));
  if (int rc = plan->forward(args.data()))
    return rc;

  args.assign({argv[1], argv[2]});
  for (int32_t i = 0; i < plan->num_stored; ++i)
    args.push_back(storedArg(i));
  args.insert(args.end(), params, params + P);
  args.insert(args.end(), {iteration, dropoutSeed, outputs[0], outputs[1]});
  for (Tensor &g : grads)
    args.push_back(&g.buffer);
  if (int rc = plan->backward(args.data()))
    return rc;

  args.assign(params, params + P);
  args.insert(args.end(), slots, slots + size_t(S) * P);
  for (Tensor &g : grads)
    args.push_back(&g.buffer);
  args.insert(args.end(), {learningRate, iteration});
  args.insert(args.end(), outputs + 2, outputs + 2 + size_t(1 + S) * P);
  return plan->update(args.data());
}
