// block1_conv1 with 5 filters where Inputs/keras2_weights.h5 has 4.
xnn.model @weights_shape_mismatch {
  %in = xnn.input "input_layer" : tensor<?x8x8x3xf32>
  %k = xnn.param "block1_conv1", "kernel" : tensor<3x3x3x5xf32>
  %c = xnn.conv2d "block1_conv1" %in, %k : (tensor<?x8x8x3xf32>, tensor<3x3x3x5xf32>) -> tensor<?x6x6x5xf32>
  xnn.output %c : tensor<?x6x6x5xf32>
}
