/*===- abi.h - xcc's C ABI between generated code and the runtime -*- C -*-===//
 *
 * The runtime calls generated code through these plain C types so that it needs no Halide header (the runtime
 * is plain C++; a test forbids MLIR/LLVM/Halide includes in it).
 *
 * xcc_buffer_t, xcc_dimension_t and xcc_type_t are layout-compatible with Halide's halide_buffer_t,
 * halide_dimension_t and halide_type_t (HalideRuntime.h). That layout is a stable C ABI: it is what every
 * Halide-generated `<fn>_argv(void **)` entry reads, and Halide keeps it fixed across releases so that
 * separately compiled pipelines and runtimes interoperate. test/runtime_model/abi_test.cpp checks sizes and
 * offsets against HalideRuntime.h, so a Halide upgrade that changed it would fail there, not at run time.
 *
 *===----------------------------------------------------------------------===*/
#ifndef XCC_RUNTIME_ABI_H
#define XCC_RUNTIME_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The manifest's "format" and "version": the compiler writes them, the runtime refuses an artifact of another
 * version. Raise the version whenever this header, train_plan.h or the manifest's meaning changes. Manifests
 * without "version" predate the field and are version 1. */
#define XCC_ARTIFACT_FORMAT "xcc-artifact-1"
#define XCC_ARTIFACT_VERSION 6

/* halide_type_code_t */
enum { XCC_TYPE_INT = 0, XCC_TYPE_UINT = 1, XCC_TYPE_FLOAT = 2, XCC_TYPE_HANDLE = 3, XCC_TYPE_BFLOAT = 4 };

/* halide_type_t: float32 is {XCC_TYPE_FLOAT, 32, 1}. */
typedef struct xcc_type_t {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
} xcc_type_t;

/* halide_dimension_t: dimension 0 is the innermost (Keras's last axis); stride counts elements. */
typedef struct xcc_dimension_t {
  int32_t min, extent, stride;
  uint32_t flags;
} xcc_dimension_t;

/* halide_buffer_t. Host-only buffers leave device, device_interface, flags and padding zero. */
typedef struct xcc_buffer_t {
  uint64_t device;
  const void *device_interface; /* halide_device_interface_t * */
  uint8_t *host;
  uint64_t flags;
  xcc_type_t type;
  int32_t dimensions;
  xcc_dimension_t *dim;
  void *padding;
} xcc_buffer_t;

/* One compiled artifact, as `<fn>_entry.cpp` (written by `xcc compile`) exposes it through
 * `const xcc_artifact *xcc_artifact_<fn>(void)`. forward_argv takes pointers to xcc_buffer_t: the input, the
 * trainable parameters in manifest order, then the output; it returns 0 on success.
 *
 * train_step_argv (null for the inference phase) runs one optimizer step. Its argv, in order: buffers input
 * [N,H,W,C], labels [N,L], sample_weights [N], the parameters, the optimizer slots (all parameters' slot 0, then
 * all parameters' slot 1); pointers to float learning_rate, int32 iteration (Keras's optimizer.iterations before
 * the step), int32 dropout_seed, int32 sample_offset (where the batch starts in the global batch that Dropout's
 * draw indexes: a data-parallel rank's slice; 0 otherwise); then output buffers loss [] (0-d), metrics [number of metrics] (correct
 * predictions in the batch, per metric) and for each parameter its new value followed by its new slots. New
 * values must not alias the old ones: the step reads parameters after it has begun writing updates.
 *
 * A phase with a frozen prefix (the manifest's "features": the output of the layers before the first one that
 * trains or draws random numbers) also has, otherwise null: features_argv (buffers input, then features [N, ...]
 * as the manifest's features shape); head_forward_argv (features, the parameters, the output: the rest of the
 * forward); train_step_from_features_argv (as train_step_argv with the features in place of the input).
 * train_step_argv computes exactly features_argv followed by train_step_from_features_argv.
 *
 * The train step's two halves (null where train_step_argv is; argv as train_plan.h documents for
 * xcc_run_gradient_step and xcc_run_update_step): gradient_step_argv computes the loss, the metrics and every
 * parameter's gradient; gradient_step_from_features_argv the same from the features (null without a frozen
 * prefix); update_step_argv applies the optimizer to given gradients. train_step_argv computes exactly
 * gradient_step_argv followed by update_step_argv: gradients can be summed in between, over micro-batches or
 * processes. */
typedef struct xcc_artifact {
  const char *manifest_json;
  int (*forward_argv)(void **);
  int (*train_step_argv)(void **);
  int (*features_argv)(void **);
  int (*head_forward_argv)(void **);
  int (*train_step_from_features_argv)(void **);
  int (*gradient_step_argv)(void **);
  int (*gradient_step_from_features_argv)(void **);
  int (*update_step_argv)(void **);
} xcc_artifact;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* XCC_RUNTIME_ABI_H */
