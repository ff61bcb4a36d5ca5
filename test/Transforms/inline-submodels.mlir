// RUN: xcc-opt %s --split-input-file --xcc-inline-submodels | FileCheck %s

// The inputs carry the `training` flags that --xcc-apply-phase sets on every sub-model; without them inlining is
// refused (see inline-submodels-invalid.mlir).

// Inlined layers and their parameters take the sub-model's name as a prefix (Keras 3's variable path), the
// block argument is replaced by the sub-model's input and the sub-model's result by what it yielded.
// CHECK-LABEL: xnn.model @prefix_and_rewire
//  CHECK-NEXT:   %[[IN:.*]] = xnn.input "in"
//  CHECK-NEXT:   %[[K:.*]] = xnn.param "base/conv", "kernel" frozen : tensor<1x1xf32>
//  CHECK-NEXT:   %[[C:.*]] = xnn.dense "base/conv" %[[IN]], %[[K]] :
//  CHECK-NEXT:   %[[R:.*]] = xnn.activation "base/relu" %[[C]]
//  CHECK-NEXT:   %[[DK:.*]] = xnn.param "dense", "kernel" : tensor<1x1xf32>
//  CHECK-NEXT:   %[[OUT:.*]] = xnn.dense "dense" %[[R]], %[[DK]] :
//  CHECK-NEXT:   xnn.output %[[OUT]]
//   CHECK-NOT:   xnn.submodel
//   CHECK-NOT:   xnn.yield
xnn.model @prefix_and_rewire {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %k = xnn.param "conv", "kernel" frozen : tensor<1x1xf32>
    %y = xnn.dense "conv" %a, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
    %r = xnn.activation "relu" %y {activation = #xnn.activation<relu>} : tensor<?x1xf32> -> tensor<?x1xf32>
    xnn.yield %r : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}

// -----

// Nested sub-models are inlined innermost first, so prefixes compose outermost first: "outer/inner/conv"; a
// layer of the outer model alone gets only "outer/".
// CHECK-LABEL: xnn.model @nested_prefixes_compose
//       CHECK:   xnn.param "outer/inner/conv", "kernel" frozen : tensor<1x1xf32>
//       CHECK:   xnn.dense "outer/inner/conv"
//       CHECK:   xnn.activation "outer/relu"
//       CHECK:   xnn.dense "dense"
//   CHECK-NOT:   xnn.submodel
xnn.model @nested_prefixes_compose {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "outer" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %g = xnn.submodel "inner" (%a) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
    ^bb0(%b: tensor<?x1xf32>):
      %k = xnn.param "conv", "kernel" frozen : tensor<1x1xf32>
      %y = xnn.dense "conv" %b, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
      xnn.yield %y : tensor<?x1xf32>
    }
    %r = xnn.activation "relu" %g {activation = #xnn.activation<relu>} : tensor<?x1xf32> -> tensor<?x1xf32>
    xnn.yield %r : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}

// -----

// Nesting only mattered for resolving the flags: the modes --xcc-apply-phase fixed stay on the inlined layers,
// so the BN of a base called with training=False still runs in inference mode after inlining.
// CHECK-LABEL: xnn.model @resolved_modes_survive
//       CHECK:   xnn.batch_norm "base/bn" {{.*}} {training = false}
//       CHECK:   xnn.dropout "base/dropout" {{.*}} training = false
xnn.model @resolved_modes_survive {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %m = xnn.param "bn", "moving_mean" non_trainable frozen : tensor<1xf32>
    %v = xnn.param "bn", "moving_variance" non_trainable frozen : tensor<1xf32>
    %n = xnn.batch_norm "bn" %a mean %m variance %v {training = false} : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    %d = xnn.dropout "dropout" %n {rate = 0.5 : f64, training = false} : tensor<?x1xf32> -> tensor<?x1xf32>
    xnn.yield %d : tensor<?x1xf32>
  }
  xnn.output %f : tensor<?x1xf32>
}
