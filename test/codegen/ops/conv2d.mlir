// One op kind, all outputs compared with the reference (the flatten exposes every element). Stride 2 'same' with odd totals (9 -> 5 rows pads 1/1, 8 -> 4 cols pads 0/1), a bias and relu6.
xnn.model @op_conv2d {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %k = xnn.param "conv", "kernel" : tensor<3x3x3x4xf32>
  %b = xnn.param "conv", "bias" : tensor<4xf32>
  %c = xnn.conv2d "conv" %in, %k, %b {padding = #xnn.padding<same>, strides = array<i64: 2, 2>, activation = #xnn.activation<relu6>} : (tensor<?x9x8x3xf32>, tensor<3x3x3x4xf32>, tensor<4xf32>) -> tensor<?x5x4x4xf32>
  %f = xnn.flatten "f" %c : tensor<?x5x4x4xf32> -> tensor<?x80xf32>
  xnn.output %f : tensor<?x80xf32>
}
