// One op kind, all outputs compared with the reference (the flatten exposes every element). Dense on a rank-3 input (applies to the last axis), with bias and sigmoid.
xnn.model @op_dense {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %k = xnn.param "d", "kernel" : tensor<3x4xf32>
  %b = xnn.param "d", "bias" : tensor<4xf32>
  %f = xnn.flatten "f" %in : tensor<?x9x8x3xf32> -> tensor<?x216xf32>
  %s = xnn.reshape "s" %f {target_shape = array<i64: 72, 3>} : tensor<?x216xf32> -> tensor<?x72x3xf32>
  %d = xnn.dense "d" %s, %k, %b {activation = #xnn.activation<sigmoid>} : (tensor<?x72x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<?x72x4xf32>
  %f2 = xnn.flatten "f2" %d : tensor<?x72x4xf32> -> tensor<?x288xf32>
  xnn.output %f2 : tensor<?x288xf32>
}
