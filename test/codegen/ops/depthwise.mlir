// One op kind, all outputs compared with the reference (the flatten exposes every element). Depth multiplier 2 (output channel c*2+j), stride 2 'same', bias.
xnn.model @op_depthwise {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x3x2xf32>
  %b = xnn.param "dw", "bias" : tensor<6xf32>
  %d = xnn.depthwise_conv2d "dw" %in, %k, %b {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x9x8x3xf32>, tensor<3x3x3x2xf32>, tensor<6xf32>) -> tensor<?x5x4x6xf32>
  %f = xnn.flatten "f" %d : tensor<?x5x4x6xf32> -> tensor<?x120xf32>
  xnn.output %f : tensor<?x120xf32>
}
