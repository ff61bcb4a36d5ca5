// A Conv2D whose kernel expects 4 input channels applied to a 3-channel image.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "block1_conv1", "kernel" : tensor<3x3x4x8xf32>
  %y = xnn.conv2d "block1_conv1" %x, %k : (tensor<?x8x8x3xf32>, tensor<3x3x4x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}
