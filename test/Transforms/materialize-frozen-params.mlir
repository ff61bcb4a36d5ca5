// RUN: xcc-opt %s --split-input-file --xcc-materialize-frozen-params | FileCheck %s

// Without `weights` or `random-weights`, only frozen parameters with an initializer can be materialized; the
// weights-file error is in materialize-frozen-params-invalid.mlir, the `random-weights` and `weights` options
// in materialize-frozen-params-options.test.

// A frozen parameter's value is fixed for the whole artifact, so its initializer is evaluated at compile time:
// ones and zeros are exact, and a constant whose elements are all equal prints as a splat.
// CHECK-LABEL: xnn.model @frozen_initializer_becomes_constant
//       CHECK:   %[[K:.*]] = xnn.constant "dense", "kernel" dense<1.000000e+00> : tensor<2x1xf32>
//       CHECK:   %[[B:.*]] = xnn.constant "dense", "bias" dense<0.000000e+00> : tensor<1xf32>
//       CHECK:   xnn.dense "dense" %{{.*}}, %[[K]], %[[B]]
//   CHECK-NOT:   xnn.param
xnn.model @frozen_initializer_becomes_constant {
  %x = xnn.input "in" : tensor<?x2xf32>
  %k = xnn.param "dense", "kernel" frozen init(#xnn.initializer<ones>) : tensor<2x1xf32>
  %b = xnn.param "dense", "bias" frozen init(#xnn.initializer<zeros>) : tensor<1xf32>
  %o = xnn.dense "dense" %x, %k, %b : (tensor<?x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}

// -----

// Trainable parameters are runtime inputs of the generated train step, whatever their source: neither the
// initializer-backed one nor the weights-file one (which would otherwise be an error here) is touched.
// CHECK-LABEL: xnn.model @trainable_params_untouched
//       CHECK:   xnn.param "dense", "kernel" init(#xnn.initializer<ones>) : tensor<2x1xf32>
//       CHECK:   xnn.param "dense", "bias" : tensor<1xf32>
//   CHECK-NOT:   xnn.constant
xnn.model @trainable_params_untouched {
  %x = xnn.input "in" : tensor<?x2xf32>
  %k = xnn.param "dense", "kernel" init(#xnn.initializer<ones>) : tensor<2x1xf32>
  %b = xnn.param "dense", "bias" : tensor<1xf32>
  %o = xnn.dense "dense" %x, %k, %b : (tensor<?x2xf32>, tensor<2x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}

// -----

// A moving statistic is non_trainable and, once --xcc-apply-phase froze it, materialized like any other frozen
// parameter: moving_variance = ones gives the splat 1.
// CHECK-LABEL: xnn.model @frozen_moving_stats
//       CHECK:   xnn.constant "bn", "moving_mean" dense<0.000000e+00> : tensor<1xf32>
//       CHECK:   xnn.constant "bn", "moving_variance" dense<1.000000e+00> : tensor<1xf32>
//       CHECK:   xnn.batch_norm "bn"
xnn.model @frozen_moving_stats {
  %x = xnn.input "in" : tensor<?x1xf32>
  %m = xnn.param "bn", "moving_mean" non_trainable frozen init(#xnn.initializer<zeros>) : tensor<1xf32>
  %v = xnn.param "bn", "moving_variance" non_trainable frozen init(#xnn.initializer<ones>) : tensor<1xf32>
  %n = xnn.batch_norm "bn" %x mean %m variance %v {training = false} : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %n : tensor<?x1xf32>
}
