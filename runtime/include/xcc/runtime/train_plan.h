/*===- train_plan.h - how a compiled train step runs its three pipelines -*- C -*-===//
 *
 * xcc compiles a train step as three Halide pipelines (forward half, backward half, optimizer update; see
 * compiler/Codegen/TrainArtifact.cpp for why). `<fn>_entry.cpp` describes them in an xcc_train_plan and its
 * `<fn>_train_argv` (the artifact's train_step_argv, argument order in abi.h) calls xcc_run_train_step, which
 * allocates the values passed between the pipelines for this batch size and runs them in order.
 *
 * The pipelines' own argument orders:
 *   forward:  input, parameters..., &iteration, &dropout_seed | stored values (those not marked as the input)
 *   backward: labels, sample_weights, stored values..., parameters..., &iteration, &dropout_seed
 *             | loss, metrics, gradients (of the parameters the loss reaches)
 *   update:   parameters..., slots (slot-major)..., gradients..., &learning_rate, &iteration
 *             | per parameter its new value and new slots
 *
 *===----------------------------------------------------------------------===*/
#ifndef XCC_RUNTIME_TRAIN_PLAN_H
#define XCC_RUNTIME_TRAIN_PLAN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A float32 tensor's Keras shape; shape[0] == -1 stands for the batch size of the call. */
typedef struct xcc_tensor_desc {
  int32_t rank;
  int32_t shape[4];
} xcc_tensor_desc;

typedef struct xcc_train_plan {
  int (*forward)(void **);
  int (*backward)(void **);
  int (*update)(void **);
  int32_t num_params, num_slots, num_metrics;
  const xcc_tensor_desc *params; /* num_params */
  const uint8_t *reached;        /* num_params: 1 when the loss reaches the parameter (it has a gradient) */
  int32_t num_stored;
  const xcc_tensor_desc *stored; /* forward values the backward half reads, in its argument order */
  const uint8_t *stored_is_input; /* 1: the model input itself, passed through instead of stored */
} xcc_train_plan;

/* Runs one train step; argv as abi.h documents for train_step_argv. Returns 0, a pipeline's error code, or -1
 * when memory for the stored values cannot be had. */
int xcc_run_train_step(const xcc_train_plan *plan, void **argv);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* XCC_RUNTIME_TRAIN_PLAN_H */
