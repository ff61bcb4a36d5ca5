// RUN: xcc-opt %s --split-input-file --verify-diagnostics --xcc-group-kernels | FileCheck %s

// Xception's pattern: conv -> relu -> (separable conv, strided 1x1 residual conv). The relu is recomputed inside
// both consuming kernels rather than stored: it costs one max per load, a stored copy costs a round trip through
// memory. Convolutions, pools and the residual add are kernels of their own.
// CHECK-LABEL: xnn.model @xception_block
// CHECK: xnn.conv2d "conv" {{.*}}xcc.kernel = "conv"
// CHECK: xnn.activation "act" {{.*}}xcc.fused_into = ["pool", "sep"]
// CHECK: xnn.separable_conv2d "sep" {{.*}}xcc.kernel = "sep"
// CHECK: xnn.max_pool2d "pool" {{.*}}xcc.kernel = "pool"
// CHECK: xnn.add "add" {{.*}}xcc.kernel = "add"
xnn.model @xception_block {
  %in = xnn.input "input_layer" : tensor<?x8x8x4xf32>
  %k = xnn.constant "conv", "kernel" dense<1.0> : tensor<1x1x4x4xf32>
  %c = xnn.conv2d "conv" %in, %k : (tensor<?x8x8x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x8x8x4xf32>
  %r = xnn.activation "act" %c {activation = #xnn.activation<relu>} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
  %dk = xnn.constant "sep", "depthwise_kernel" dense<1.0> : tensor<3x3x4x1xf32>
  %pk = xnn.constant "sep", "pointwise_kernel" dense<1.0> : tensor<1x1x4x4xf32>
  %s = xnn.separable_conv2d "sep" %r, %dk, %pk {padding = #xnn.padding<same>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x1xf32>, tensor<1x1x4x4xf32>) -> tensor<?x8x8x4xf32>
  %p = xnn.max_pool2d "pool" %r : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  %p2 = xnn.max_pool2d "pool2" %s : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  %a = xnn.add "add" %p, %p2 : (tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x4x4xf32>
  xnn.output %a : tensor<?x4x4x4xf32>
}

// -----

// A chain of elementwise layers is fused through: rescaling feeds only the relu, which feeds only the conv, so
// both are computed inside the conv's kernel.
// CHECK-LABEL: xnn.model @chain
// CHECK: xnn.rescaling "scale" {{.*}}xcc.fused_into = ["conv"]
// CHECK: xnn.activation "act" {{.*}}xcc.fused_into = ["conv"]
xnn.model @chain {
  %in = xnn.input "input_layer" : tensor<?x8x8x4xf32>
  %x = xnn.rescaling "scale" %in {scale = 2.0 : f64} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
  %r = xnn.activation "act" %x {activation = #xnn.activation<relu>} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
  %k = xnn.constant "conv", "kernel" dense<1.0> : tensor<1x1x4x4xf32>
  %c = xnn.conv2d "conv" %r, %k : (tensor<?x8x8x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x8x8x4xf32>
  xnn.output %c : tensor<?x8x8x4xf32>
}

// -----

// The model output is always stored, even when it is an elementwise layer: someone has to write the result.
// CHECK-LABEL: xnn.model @output_is_elementwise
// CHECK: xnn.activation "softmax" {{.*}}xcc.kernel = "softmax"
xnn.model @output_is_elementwise {
  %in = xnn.input "input_layer" : tensor<?x4xf32>
  %s = xnn.activation "softmax" %in {activation = #xnn.activation<softmax>} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %s : tensor<?x4xf32>
}

// -----

// Grouping needs a flat model: the kernels of a nested model are not known until it is inlined.
// expected-error@+1 {{run --xcc-inline-submodels before --xcc-group-kernels}}
xnn.model @nested {
  %in = xnn.input "input_layer" : tensor<?x4xf32>
  %f = xnn.submodel "base" (%in) {training = false} : (tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    xnn.yield %a : tensor<?x4xf32>
  }
  xnn.output %f : tensor<?x4xf32>
}
