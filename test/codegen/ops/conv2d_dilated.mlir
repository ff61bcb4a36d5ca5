// One op kind, all outputs compared with the reference (the flatten exposes every element). Dilation 2, 'valid': the window spans 5 pixels.
xnn.model @op_conv2d_dilated {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %k = xnn.param "conv", "kernel" : tensor<3x3x3x2xf32>
  %c = xnn.conv2d "conv" %in, %k {dilation_rate = array<i64: 2, 2>} : (tensor<?x9x8x3xf32>, tensor<3x3x3x2xf32>) -> tensor<?x5x4x2xf32>
  %f = xnn.flatten "f" %c : tensor<?x5x4x2xf32> -> tensor<?x40xf32>
  xnn.output %f : tensor<?x40xf32>
}
