// The train step's driver: the values passed between its generated pipelines live only during the call, in
// memory from the generated code's allocator (generated_memory.cpp keeps it cached between steps, so a step of
// a given batch size allocates nothing after the first).
#include "xcc/runtime/abi.h"
#include "xcc/runtime/generated_memory.h"
#include "xcc/runtime/train_plan.h"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace {

/// Halide's type of a tensor's elements.
xcc_type_t elementType(int32_t element) {
  return element == XCC_ELEMENT_BFLOAT16 ? xcc_type_t{XCC_TYPE_BFLOAT, 16, 1} : xcc_type_t{XCC_TYPE_FLOAT, 32, 1};
}

/// A dense buffer in Halide's layout: dimension 0 is the Keras shape's last axis.
struct Tensor {
  xcc_dimension_t dim[4] = {};
  xcc_buffer_t buffer = {};

  Tensor(const xcc_tensor_desc &desc, int32_t batch) {
    int32_t stride = 1;
    for (int32_t d = 0; d < desc.rank; ++d) {
      int32_t extent = desc.shape[desc.rank - 1 - d];
      dim[d] = {0, extent < 0 ? batch : extent, stride, 0};
      stride *= dim[d].extent;
    }
    buffer.type = elementType(desc.element);
    buffer.dimensions = desc.rank;
    buffer.dim = dim;
  }
  Tensor(const Tensor &) = delete;
  size_t bytes() const {
    size_t n = buffer.type.bits / 8;
    for (int32_t d = 0; d < buffer.dimensions; ++d)
      n *= size_t(dim[d].extent);
    return n;
  }
};

/// The calls [begin, end) of a plan: the gradient half, the update half, or all of it.
struct CallRange {
  int32_t begin, end;
};

/// The intermediates of one call that the calls of `range` pass between them (those `external` says the caller
/// provides are left out), returned to the allocator however the call ends.
class Values {
public:
  template <typename External>
  Values(const xcc_train_plan &plan, int32_t batch, CallRange range, External external) {
    std::vector<bool> used(size_t(plan.num_values), false);
    for (int32_t c = range.begin; c < range.end; ++c)
      for (int32_t i = 0; i < plan.calls[c].num_args; ++i)
        if (const xcc_train_arg &a = plan.calls[c].args[i]; a.kind == XCC_ARG_VALUE && !external(a.index))
          used[size_t(a.index)] = true;
    for (int32_t i = 0; i < plan.num_values; ++i) {
      tensors.emplace_back(plan.values[i], batch);
      if (!used[size_t(i)])
        continue;
      void *block = xcc::rt::allocateGeneratedMemory(tensors.back().bytes());
      ok = ok && block;
      tensors.back().buffer.host = static_cast<uint8_t *>(block);
    }
  }
  ~Values() {
    for (Tensor &t : tensors)
      if (t.buffer.host)
        xcc::rt::freeGeneratedMemory(t.buffer.host);
  }
  bool ok = true;
  std::deque<Tensor> tensors; // stable addresses: buffers point at their own dims
};

/// The scalars a call gets by address; every other argument is a buffer.
bool isScalar(int32_t kind) {
  return kind == XCC_ARG_LEARNING_RATE || kind == XCC_ARG_ITERATION || kind == XCC_ARG_DROPOUT_SEED ||
         kind == XCC_ARG_SAMPLE_OFFSET;
}

/// Dense `b` as a 1-D buffer of its elements, in `view` (whose dim it points at); false when there are more
/// elements than a Halide extent holds.
bool flatView(const xcc_buffer_t &b, xcc_buffer_t &view, xcc_dimension_t &dim) {
  int64_t elements = 1; // dense: mismatch() has checked the strides
  for (int32_t d = 0; d < b.dimensions; ++d)
    elements *= b.dim[d].extent;
  if (elements > INT32_MAX)
    return false;
  view = b;
  dim = {0, int32_t(elements), 1, 0};
  view.dimensions = 1;
  view.dim = &dim;
  return true;
}

/// "argument 3 (param 1)": the position in the call and what the plan passes there.
std::string argumentName(int32_t position, const xcc_train_arg &a) {
  std::string kind = xcc_train_arg_kind_name(a.kind);
  kind = kind.substr(kind.rfind("_ARG_") == std::string::npos ? 0 : kind.rfind("_ARG_") + 5);
  for (char &c : kind)
    c = char(c == '_' ? ' ' : std::tolower(static_cast<unsigned char>(c)));
  return "argument " + std::to_string(position) + " (" + kind + " " + std::to_string(a.index) + ")";
}

std::string describe(const xcc_train_arg &a, int32_t batch) {
  std::string s = "[";
  for (int32_t i = 0; i < a.expect.rank; ++i)
    s += (i ? ", " : "") + std::to_string(a.expect.shape[i] < 0 ? batch : a.expect.shape[i]);
  return s + "]";
}

std::string describe(const xcc_buffer_t &b) {
  std::string s = "[";
  for (int32_t d = b.dimensions; d-- > 0;)
    s += std::to_string(b.dim[d].extent) + (d ? ", " : "");
  return s + "]";
}

/// What the pipeline's own checks would have refused: `b` is not a dense buffer of the element type and shape
/// `a` expects, starting at 0. Empty when it is.
std::string mismatch(const xcc_buffer_t *b, const xcc_train_arg &a, int32_t batch) {
  if (!b)
    return "no buffer";
  xcc_type_t want = elementType(a.expect.element);
  if (b->type.code != want.code || b->type.bits != want.bits || b->type.lanes != 1)
    return want.code == XCC_TYPE_BFLOAT ? "not a bfloat16 buffer" : "not a float32 buffer";
  bool ok = b->dimensions == a.expect.rank && (a.expect.rank == 0 || b->dim);
  int64_t stride = 1;
  for (int32_t d = 0; ok && d < b->dimensions; ++d) {
    int32_t want = a.expect.shape[a.expect.rank - 1 - d];
    const xcc_dimension_t &dim = b->dim[d];
    ok = dim.min == 0 && dim.extent == (want < 0 ? batch : want) && dim.stride == stride;
    stride *= dim.extent;
  }
  if (!ok)
    return "a buffer of shape " + describe(*b) + " where " + describe(a, batch) +
           " (dense, starting at 0) is expected";
  if (!b->host)
    return "a buffer with no memory";
  return "";
}

/// Calls the pipelines of `range` in order, each with the arguments `resolve` finds for its argument list, after
/// checking each buffer against what its pipeline was compiled for (train_plan.h); `after(c)` follows call c.
template <typename Resolve, typename After>
int runCalls(const xcc_train_plan &plan, int32_t batch, CallRange range, Resolve resolve, After after) {
  std::vector<void *> args;
  std::vector<xcc_buffer_t> views;
  std::vector<xcc_dimension_t> dims;
  for (int32_t c = range.begin; c < range.end; ++c) {
    const xcc_train_call &call = plan.calls[c];
    args.clear();
    views.resize(size_t(call.num_args));
    dims.resize(size_t(call.num_args));
    for (int32_t i = 0; i < call.num_args; ++i) {
      void *arg = resolve(call.args[i]);
      if (isScalar(call.args[i].kind)) {
        if (!arg) {
          std::fprintf(stderr, "xcc: %s: %s: no value\n", call.name, argumentName(i, call.args[i]).c_str());
          return XCC_PLAN_BAD_BUFFER;
        }
      } else if (std::string why = mismatch(static_cast<xcc_buffer_t *>(arg), call.args[i], batch); !why.empty()) {
        std::fprintf(stderr, "xcc: %s: %s: %s\n", call.name, argumentName(i, call.args[i]).c_str(), why.c_str());
        return XCC_PLAN_BAD_BUFFER;
      }
      if (call.flat && !isScalar(call.args[i].kind)) {
        if (!flatView(*static_cast<xcc_buffer_t *>(arg), views[size_t(i)], dims[size_t(i)]))
          return XCC_PLAN_NOT_DENSE;
        arg = &views[size_t(i)];
      }
      args.push_back(arg);
    }
    if (int rc = call.function(args.data()))
      return rc;
    after(c);
  }
  return 0;
}

/// The call's batch size: the first argument's outermost extent (0 when it has none).
int32_t batchOf(void *buffer) {
  auto *b = static_cast<xcc_buffer_t *>(buffer);
  return b && b->dimensions > 0 && b->dim ? b->dim[b->dimensions - 1].extent : 0;
}

/// Runs the calls of `range` for `batch`, with memory for the values they pass between them; `resolve` finds
/// every other argument, and the values for which `external(index)` holds. `after(c)` follows call c.
template <typename Resolve, typename External, typename After>
int runPlan(const xcc_train_plan &plan, int32_t batch, CallRange range, Resolve resolve, External external,
            After after) {
  Values values(plan, batch, range, external);
  if (!values.ok)
    return XCC_PLAN_NO_MEMORY;
  return runCalls(
      plan, batch, range,
      [&](const xcc_train_arg &a) -> void * {
        return a.kind == XCC_ARG_VALUE && !external(a.index) ? &values.tensors[size_t(a.index)].buffer : resolve(a);
      },
      after);
}

void nothingAfter(int32_t) {}

/// The same for the whole plan and the batch of argv[0], every value internal.
template <typename Resolve> int runPlan(const xcc_train_plan &plan, void **argv, Resolve resolve) {
  int32_t batch = batchOf(argv[0]);
  if (batch <= 0) {
    std::fprintf(stderr, "xcc: the first argument is not a batch (no buffer, or an empty one)\n");
    return XCC_PLAN_BAD_BUFFER;
  }
  return runPlan(plan, batch, {0, plan.num_calls}, resolve, [](int32_t) { return false; }, nothingAfter);
}

/// Per value of the plan, the parameter whose gradient it is, or -1: what the halves pass to and from the caller.
std::vector<int32_t> gradientOwners(const xcc_train_plan &plan) {
  std::vector<int32_t> owner(size_t(plan.num_values), -1);
  for (int32_t i = 0; plan.gradient_values && i < plan.num_params; ++i)
    if (plan.gradient_values[i] >= 0)
      owner[size_t(plan.gradient_values[i])] = i;
  return owner;
}

/// Zeros for the gradients of parameters that the loss does not reach: no pipeline writes them.
void zeroUnreached(const xcc_train_plan &plan, void **gradients) {
  for (int32_t i = 0; i < plan.num_params; ++i) {
    if (plan.gradient_values && plan.gradient_values[i] >= 0)
      continue;
    auto *b = static_cast<xcc_buffer_t *>(gradients[i]);
    if (!b || !b->host)
      continue;
    size_t n = sizeof(float);
    for (int32_t d = 0; d < b->dimensions; ++d)
      n *= size_t(b->dim[d].extent);
    std::memset(b->host, 0, n);
  }
}

/// Per parameter, the last call of the gradient half that touches its gradient (-1: none; the loss does not reach
/// it and the driver writes its zeros after the calls).
std::vector<int32_t> lastGradientCalls(const xcc_train_plan &plan, const std::vector<int32_t> &owner) {
  std::vector<int32_t> last(size_t(plan.num_params), -1);
  for (int32_t c = 0; c < plan.num_gradient_calls; ++c)
    for (int32_t i = 0; i < plan.calls[c].num_args; ++i)
      if (const xcc_train_arg &a = plan.calls[c].args[i]; a.kind == XCC_ARG_VALUE && owner[size_t(a.index)] >= 0)
        last[size_t(owner[size_t(a.index)])] = c;
  return last;
}

struct GradientReady {
  xcc_gradient_ready_fn fn = nullptr;
  void *context = nullptr;
};
thread_local GradientReady tGradientReady;

} // namespace

extern "C" void xcc_set_gradient_ready(xcc_gradient_ready_fn fn, void *context) { tGradientReady = {fn, context}; }

extern "C" int xcc_run_forward(const xcc_train_plan *plan, void **argv) {
  return runPlan(*plan, argv, [&](const xcc_train_arg &a) -> void * {
    switch (a.kind) {
    case XCC_ARG_INPUT: return argv[0];
    case XCC_ARG_PARAM: return argv[1 + a.index];
    case XCC_ARG_OUTPUT: return argv[1 + plan->num_params];
    default: return nullptr; // the compiler writes no other kind into a forward plan
    }
  });
}

extern "C" int xcc_run_train_step(const xcc_train_plan *plan, void **argv) {
  const size_t P = size_t(plan->num_params), S = size_t(plan->num_slots);
  // argv: input, labels, sample_weights, params, slots, &learning_rate, &iteration, &dropout_seed,
  // &sample_offset, loss, metrics, then per parameter its new value and new slots.
  void **params = argv + 3, **slots = params + P, **scalars = slots + S * P, **outputs = scalars + 6;
  return runPlan(*plan, argv, [&](const xcc_train_arg &a) -> void * {
    switch (a.kind) {
    case XCC_ARG_INPUT: return argv[0];
    case XCC_ARG_LABELS: return argv[1];
    case XCC_ARG_SAMPLE_WEIGHTS: return argv[2];
    case XCC_ARG_PARAM: return params[a.index];
    case XCC_ARG_SLOT: return slots[a.index];
    case XCC_ARG_LEARNING_RATE: return scalars[0];
    case XCC_ARG_ITERATION: return scalars[1];
    case XCC_ARG_DROPOUT_SEED: return scalars[2];
    case XCC_ARG_SAMPLE_OFFSET: return scalars[3];
    case XCC_ARG_LOSS: return scalars[4];
    case XCC_ARG_METRICS: return scalars[5];
    case XCC_ARG_NEW_PARAM: return outputs[size_t(a.index) * (1 + S)];
    case XCC_ARG_NEW_SLOT: return outputs[size_t(a.index) % P * (1 + S) + 1 + size_t(a.index) / P];
    default: return nullptr; // XCC_ARG_OUTPUT: forward plans only
    }
  });
}

extern "C" int xcc_run_gradient_step(const xcc_train_plan *plan, void **argv) {
  const size_t P = size_t(plan->num_params);
  // argv: input, labels, sample_weights, params, &iteration, &dropout_seed, &sample_offset, loss, metrics,
  // gradients.
  void **params = argv + 3, **scalars = params + P, **gradients = scalars + 5;
  int32_t batch = batchOf(argv[0]);
  if (batch <= 0) {
    std::fprintf(stderr, "xcc: the first argument is not a batch (no buffer, or an empty one)\n");
    return XCC_PLAN_BAD_BUFFER;
  }
  const std::vector<int32_t> owner = gradientOwners(*plan);
  auto external = [&](int32_t index) { return owner[size_t(index)] >= 0; };
  // After call c, the gradients it touched last are final; -1 (the end): the zeros of the unreached ones. Worked
  // out only for a listener: a plain step does without.
  const GradientReady listener = tGradientReady;
  const std::vector<int32_t> last = listener.fn ? lastGradientCalls(*plan, owner) : std::vector<int32_t>();
  auto announce = [&](int32_t c) {
    for (int32_t i = 0; listener.fn && i < plan->num_params; ++i)
      if (last[size_t(i)] == c)
        listener.fn(listener.context, i);
  };
  int rc = runPlan(*plan, batch, {0, plan->num_gradient_calls}, [&](const xcc_train_arg &a) -> void * {
    switch (a.kind) {
    case XCC_ARG_INPUT: return argv[0];
    case XCC_ARG_LABELS: return argv[1];
    case XCC_ARG_SAMPLE_WEIGHTS: return argv[2];
    case XCC_ARG_PARAM: return params[a.index];
    case XCC_ARG_ITERATION: return scalars[0];
    case XCC_ARG_DROPOUT_SEED: return scalars[1];
    case XCC_ARG_SAMPLE_OFFSET: return scalars[2];
    case XCC_ARG_LOSS: return scalars[3];
    case XCC_ARG_METRICS: return scalars[4];
    case XCC_ARG_VALUE: return gradients[owner[size_t(a.index)]];
    default: return nullptr; // the gradient half reads no slot or learning rate and writes no parameter
    }
  }, external, [&](int32_t c) { announce(c); });
  if (rc == 0) {
    zeroUnreached(*plan, gradients);
    announce(-1);
  }
  return rc;
}

extern "C" int xcc_run_update_step(const xcc_train_plan *plan, void **argv) {
  const size_t P = size_t(plan->num_params), S = size_t(plan->num_slots);
  // argv: params, slots, gradients, &learning_rate, &iteration, then per parameter its new value and new slots.
  void **params = argv, **slots = params + P, **gradients = slots + S * P, **scalars = gradients + P,
       **outputs = scalars + 2;
  const std::vector<int32_t> owner = gradientOwners(*plan);
  auto external = [&](int32_t index) { return owner[size_t(index)] >= 0; };
  // Every update call is flat over fixed shapes: no argument has the batch's extent.
  return runPlan(*plan, 1, {plan->num_gradient_calls, plan->num_calls}, [&](const xcc_train_arg &a) -> void * {
    switch (a.kind) {
    case XCC_ARG_PARAM: return params[a.index];
    case XCC_ARG_SLOT: return slots[a.index];
    case XCC_ARG_LEARNING_RATE: return scalars[0];
    case XCC_ARG_ITERATION: return scalars[1];
    case XCC_ARG_VALUE: return gradients[owner[size_t(a.index)]];
    case XCC_ARG_NEW_PARAM: return outputs[size_t(a.index) * (1 + S)];
    case XCC_ARG_NEW_SLOT: return outputs[size_t(a.index) % P * (1 + S) + 1 + size_t(a.index) / P];
    default: return nullptr;
    }
  }, external, nothingAfter);
}
