// RUN: xcc-opt %s --split-input-file --verify-diagnostics --xcc-autodiff | FileCheck %s

// A value used twice (the residual x feeds both the conv and the add) gets the sum of its two gradients; the
// add passes the upstream gradient through unchanged (no vjp), and nothing is differentiated towards the input.
// CHECK-LABEL: xnn.model @residual
// CHECK: %[[Y:.*]] = xnn.labels : tensor<?x1xf32>
// CHECK: %[[SEED:.*]] = xnn.vjp "loss" "xnn.loss" wrt "predictions"
// CHECK: %[[DX:.*]] = xnn.vjp "dense" "xnn.dense" wrt "input"
// CHECK: %[[DK:.*]] = xnn.vjp "dense" "xnn.dense" wrt "kernel"
// CHECK: %[[DGAP:.*]] = xnn.vjp "gap" "xnn.global_avg_pool2d" wrt "input" of %{{.*}}({{.*}}) upstream %[[DX]]
// CHECK: %[[DCONV:.*]] = xnn.vjp "conv2" "xnn.conv2d" wrt "input" of %{{.*}}({{.*}}) upstream %[[DGAP]]
// CHECK: %[[SUM:.*]] = xnn.add "grad_sum_0" %[[DGAP]], %[[DCONV]]
// CHECK: xnn.vjp "conv2" "xnn.conv2d" wrt "kernel" of %{{.*}}({{.*}}) upstream %[[DGAP]]
// CHECK: xnn.vjp "conv1" "xnn.conv2d" wrt "kernel" of %{{.*}}({{.*}}) upstream %[[SUM]]
// CHECK-NOT: wrt "input"
// CHECK: xnn.apply_gradient
xnn.model @residual {
  %in = xnn.input "input_layer" : tensor<?x4x4x2xf32>
  %k1 = xnn.param "conv1", "kernel" : tensor<1x1x2x2xf32>
  %x = xnn.conv2d "conv1" %in, %k1 : (tensor<?x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<?x4x4x2xf32>
  %k2 = xnn.param "conv2", "kernel" : tensor<1x1x2x2xf32>
  %c = xnn.conv2d "conv2" %x, %k2 : (tensor<?x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<?x4x4x2xf32>
  %a = xnn.add "add" %x, %c : (tensor<?x4x4x2xf32>, tensor<?x4x4x2xf32>) -> tensor<?x4x4x2xf32>
  %g = xnn.global_avg_pool2d "gap" %a : tensor<?x4x4x2xf32> -> tensor<?x2xf32>
  %dk = xnn.param "dense", "kernel" : tensor<2x1xf32>
  %d = xnn.dense "dense" %g, %dk : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  xnn.output %d : tensor<?x1xf32>
  xnn.phase "all" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy, from_logits = true>}
}

// -----

// A frozen BN (its gamma/beta constants) still passes the gradient to its input, but has no update of its own;
// moving statistics are never differentiated.
// CHECK-LABEL: xnn.model @frozen_bn_between
// CHECK: xnn.vjp "bn" "xnn.batch_norm" wrt "input"
// CHECK-NOT: wrt "gamma"
// CHECK-NOT: wrt "moving_mean"
// CHECK: xnn.vjp "conv" "xnn.conv2d" wrt "kernel"
xnn.model @frozen_bn_between {
  %in = xnn.input "input_layer" : tensor<?x4x4x2xf32>
  %k = xnn.param "conv", "kernel" : tensor<1x1x2x2xf32>
  %c = xnn.conv2d "conv" %in, %k : (tensor<?x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<?x4x4x2xf32>
  %g = xnn.constant "bn", "gamma" dense<1.0> : tensor<2xf32>
  %m = xnn.constant "bn", "moving_mean" dense<0.0> : tensor<2xf32>
  %v = xnn.constant "bn", "moving_variance" dense<1.0> : tensor<2xf32>
  %n = xnn.batch_norm "bn" %c gamma %g mean %m variance %v {training = false} : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  %f = xnn.flatten "flatten" %n : tensor<?x4x4x2xf32> -> tensor<?x32xf32>
  %dk = xnn.constant "dense", "kernel" dense<1.0> : tensor<32x1xf32>
  %d = xnn.dense "dense" %f, %dk : (tensor<?x32xf32>, tensor<32x1xf32>) -> tensor<?x1xf32>
  xnn.output %d : tensor<?x1xf32>
  xnn.phase "conv-only" {optimizer = #xnn.sgd<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// Asking for a train step of a phase that trains nothing is an error, not an empty step.
xnn.model @nothing_trains {
  %in = xnn.input "input_layer" : tensor<?x2xf32>
  %k = xnn.constant "dense", "kernel" dense<1.0> : tensor<2x1xf32>
  %d = xnn.dense "dense" %in, %k : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  xnn.output %d : tensor<?x1xf32>
  // expected-error@+1 {{phase 'head' trains no parameter}}
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy, from_logits = true>}
}

// -----

// The inference "phase" has no loss and no train step.
// expected-error@+1 {{--xcc-autodiff needs exactly one phase}}
xnn.model @inference_only {
  %in = xnn.input "input_layer" : tensor<?x2xf32>
  %k = xnn.param "dense", "kernel" : tensor<2x1xf32>
  %d = xnn.dense "dense" %in, %k : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  xnn.output %d : tensor<?x1xf32>
}
