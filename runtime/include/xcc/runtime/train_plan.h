/*===- train_plan.h - how a compiled train step runs its pipelines -*- C -*-===//
 *
 * xcc compiles a train step as several Halide pipelines: the forward half, the backward half in slices, and the
 * optimizer update (compiler/Codegen/TrainArtifact.cpp says why). `<fn>_entry.cpp` lists them in an
 * xcc_train_plan, and its `<fn>_train_argv` (the artifact's train_step_argv, argument order in abi.h) calls
 * xcc_run_train_step, which allocates the values passed between the pipelines for this batch size and makes
 * the calls in order, each with the arguments its xcc_train_arg list names.
 *
 *===----------------------------------------------------------------------===*/
#ifndef XCC_RUNTIME_TRAIN_PLAN_H
#define XCC_RUNTIME_TRAIN_PLAN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A tensor's element type: float32, or bfloat16 for what mixed_bfloat16 stores for the backward in the precision
 * its GEMMs read anyway. float32 is 0, so that a table written without the field means float32. */
enum { XCC_ELEMENT_FLOAT32 = 0, XCC_ELEMENT_BFLOAT16 = 1 };

/* A tensor's Keras shape and element type; shape[0] == -1 stands for the batch size of the call. */
typedef struct xcc_tensor_desc {
  int32_t rank;
  int32_t shape[4];
  int32_t element;
} xcc_tensor_desc;

/* What one argument of a pipeline call is. `index` counts parameters, slots (slot k of parameter i is
 * k * num_params + i) or intermediate values. The one list of the kinds: the compiler's entry-point writer
 * (compiler/KernelGraph/EntryPoint.cpp) spells them from it too. */
#define XCC_TRAIN_ARG_KINDS(X)                                                                                    \
  X(XCC_ARG_INPUT) X(XCC_ARG_LABELS) X(XCC_ARG_SAMPLE_WEIGHTS) X(XCC_ARG_PARAM) X(XCC_ARG_SLOT)                  \
  X(XCC_ARG_LEARNING_RATE) X(XCC_ARG_ITERATION) X(XCC_ARG_DROPOUT_SEED) X(XCC_ARG_VALUE) X(XCC_ARG_LOSS)           \
  X(XCC_ARG_METRICS) X(XCC_ARG_NEW_PARAM) X(XCC_ARG_NEW_SLOT) X(XCC_ARG_OUTPUT) X(XCC_ARG_SAMPLE_OFFSET)
#define XCC_TRAIN_ARG_ENUMERATOR(kind) kind,
typedef enum xcc_train_arg_kind { XCC_TRAIN_ARG_KINDS(XCC_TRAIN_ARG_ENUMERATOR) } xcc_train_arg_kind;
#undef XCC_TRAIN_ARG_ENUMERATOR

/* "XCC_ARG_PARAM" for XCC_ARG_PARAM; "?" for a value outside the list. */
static inline const char *xcc_train_arg_kind_name(int32_t kind) {
#define XCC_TRAIN_ARG_NAME(kind) #kind,
  static const char *const names[] = {XCC_TRAIN_ARG_KINDS(XCC_TRAIN_ARG_NAME)};
#undef XCC_TRAIN_ARG_NAME
  return kind >= 0 && kind < (int32_t)(sizeof(names) / sizeof(names[0])) ? names[kind] : "?";
}
/* `expect`: for a buffer argument, the shape the pipeline was compiled for. The pipelines are compiled without
 * Halide's own checks of their buffers (they cost half of the compile time; compiler/Codegen/ArtifactBuild.h),
 * so the driver checks every buffer against it before each call: its element type, dense, mins 0, and these extents
 * (-1: the call's batch, the first argument's outermost extent). Scalars (passed by address) have rank 0 and
 * are not checked. */
typedef struct xcc_train_arg {
  int32_t kind, index;
  xcc_tensor_desc expect;
} xcc_train_arg;

/* With `flat`, every buffer argument is passed as a 1-D view of its elements: the optimizer update is one
 * elementwise kernel called once per parameter, whatever its shape. */
typedef struct xcc_train_call {
  int (*function)(void **);
  int32_t num_args;
  const xcc_train_arg *args;
  int32_t flat;
  const char *name; /* the pipeline, for messages */
} xcc_train_call;

/* A train step's calls come in two runs: calls[0, num_gradient_calls) compute the loss, the metrics and every
 * parameter's gradient into the values; the rest are the optimizer update, one call per parameter, which reads
 * that gradient (gradient_values[i] is its value, -1 for a parameter the loss does not reach, whose call passes it
 * through). A forward plan has num_gradient_calls == num_calls and no gradient_values. */
typedef struct xcc_train_plan {
  int32_t num_params, num_slots;
  int32_t num_values;
  const xcc_tensor_desc *values; /* intermediates: stored activations and gradients */
  int32_t num_calls;
  const xcc_train_call *calls;
  int32_t num_gradient_calls;
  const int32_t *gradient_values;
} xcc_train_plan;

/* The driver's own failures; Halide's error codes are all above -100. XCC_PLAN_NOT_DENSE is named for what it
 * first meant; a buffer with gaps now fails the checks as XCC_PLAN_BAD_BUFFER before a flat call is made. */
enum { XCC_PLAN_NO_MEMORY = -1001, XCC_PLAN_NOT_DENSE = -1002, XCC_PLAN_BAD_BUFFER = -1003 };

/* Runs one train step; argv as abi.h documents for train_step_argv. Returns 0, a pipeline's error code,
 * XCC_PLAN_NO_MEMORY when memory for the intermediates cannot be had, XCC_PLAN_NOT_DENSE when a flat call
 * gets a buffer of more elements than a 1-D Halide buffer holds, or XCC_PLAN_BAD_BUFFER (after a message on stderr naming the
 * pipeline, the argument and both shapes) when a buffer is not what its pipeline was compiled for. */
int xcc_run_train_step(const xcc_train_plan *plan, void **argv);

/* The train step in two halves, so that gradients can be summed (over micro-batches, or over processes) before
 * the update. xcc_run_train_step computes exactly xcc_run_gradient_step followed by xcc_run_update_step.
 *
 * xcc_run_gradient_step: argv buffers input, labels, sample_weights, the parameters; pointers to int32 iteration,
 * int32 dropout_seed and int32 sample_offset (as train_step_argv); output buffers loss, metrics, then one gradient
 * per parameter (its shape; zeros for a parameter the loss does not reach).
 * xcc_run_update_step: argv buffers the parameters, the slots (as train_step_argv), one gradient per parameter;
 * pointers to float learning_rate and int32 iteration; then for each parameter its new value followed by its new
 * slots. Returns as xcc_run_train_step. */
int xcc_run_gradient_step(const xcc_train_plan *plan, void **argv);
int xcc_run_update_step(const xcc_train_plan *plan, void **argv);

/* Called by xcc_run_gradient_step on this thread as soon as parameter `param`'s gradient is final (after the
 * last pipeline that touches it), while the rest of the backward still runs: a data-parallel fit starts summing
 * it across processes then, as DDP and Horovod do. Null (the default) for none. Thread-local. */
typedef void (*xcc_gradient_ready_fn)(void *context, int32_t param);
void xcc_set_gradient_ready(xcc_gradient_ready_fn fn, void *context);

/* Runs a forward function made of several pipelines (a phase whose frozen prefix is split off computes its
 * forward as the prefix, then the rest); argv as abi.h documents for forward_argv: the input, the num_params
 * parameters, the output (XCC_ARG_OUTPUT). Returns as xcc_run_train_step. */
int xcc_run_forward(const xcc_train_plan *plan, void **argv);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* XCC_RUNTIME_TRAIN_PLAN_H */
