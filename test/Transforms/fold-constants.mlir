// RUN: xcc-opt %s --split-input-file --xcc-fold-constants | FileCheck %s

// A chain that depends only on frozen weights is evaluated at compile time: x = 2 → rescaling 2·x − 1 = 3 →
// relu6 = 3 → add of itself = 6 → BN with mean 1, var + eps = 4, gamma 2, beta 0.5: (6 − 1)·2/2 + 0.5 = 5.5.
// CHECK-LABEL: xnn.model @frozen_chain
// CHECK: %[[C:.*]] = xnn.constant "bn", "output" {folded_from = ["bn"]} dense<5.500000e+00> : tensor<4x4xf32>
// CHECK-NOT: xnn.rescaling
// CHECK-NOT: xnn.batch_norm
// CHECK: xnn.dense "out" %{{.*}}, %[[C]]
xnn.model @frozen_chain {
  %in = xnn.input "input_layer" : tensor<?x4xf32>
  %x = xnn.constant "w", "value" dense<2.0> : tensor<4x4xf32>
  %r = xnn.rescaling "scale" %x {scale = 2.0 : f64, offset = -1.0 : f64} : tensor<4x4xf32> -> tensor<4x4xf32>
  %a = xnn.activation "act" %r {activation = #xnn.activation<relu6>} : tensor<4x4xf32> -> tensor<4x4xf32>
  %s = xnn.add "sum" %a, %a : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %g = xnn.constant "bn", "gamma" dense<2.0> : tensor<4xf32>
  %b = xnn.constant "bn", "beta" dense<0.5> : tensor<4xf32>
  %m = xnn.constant "bn", "moving_mean" dense<1.0> : tensor<4xf32>
  %v = xnn.constant "bn", "moving_variance" dense<3.999> : tensor<4xf32>
  %n = xnn.batch_norm "bn" %s gamma %g beta %b mean %m variance %v {training = false} : (tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %o = xnn.dense "out" %in, %n : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  xnn.output %o : tensor<?x4xf32>
}

// -----

// Layers that read the model input, softmax (a reduction) and a training-mode BN are left alone.
// CHECK-LABEL: xnn.model @not_foldable
// CHECK: xnn.rescaling "scale"
// CHECK: xnn.activation "softmax"
// CHECK: xnn.batch_norm "bn"
xnn.model @not_foldable {
  %in = xnn.input "input_layer" : tensor<?x4xf32>
  %r = xnn.rescaling "scale" %in {scale = 2.0 : f64} : tensor<?x4xf32> -> tensor<?x4xf32>
  %x = xnn.constant "w", "value" dense<2.0> : tensor<1x4xf32>
  %sm = xnn.activation "softmax" %x {activation = #xnn.activation<softmax>} : tensor<1x4xf32> -> tensor<1x4xf32>
  %m = xnn.constant "bn", "moving_mean" dense<1.0> : tensor<4xf32>
  %v = xnn.constant "bn", "moving_variance" dense<3.999> : tensor<4xf32>
  %n = xnn.batch_norm "bn" %sm mean %m variance %v {training = true} : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %f = xnn.flatten "flat" %n : tensor<1x4xf32> -> tensor<1x4xf32>
  xnn.output %r : tensor<?x4xf32>
}
