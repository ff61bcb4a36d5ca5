// A frozen base whose weights come from a Keras legacy .h5 (Inputs/keras2_weights.h5): named layers match by
// name, the auto-named residual conv/BN pair by ordinal (Keras 3 names here, Keras 2.0 names in the file).
xnn.model @weights_model {
  %in = xnn.input "input_layer" : tensor<?x8x8x3xf32>
  %k = xnn.param "block1_conv1", "kernel" : tensor<3x3x3x4xf32>
  %c = xnn.conv2d "block1_conv1" %in, %k : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x6x6x4xf32>
  %g = xnn.param "block1_conv1_bn", "gamma" : tensor<4xf32>
  %b = xnn.param "block1_conv1_bn", "beta" : tensor<4xf32>
  %m = xnn.param "block1_conv1_bn", "moving_mean" non_trainable : tensor<4xf32>
  %v = xnn.param "block1_conv1_bn", "moving_variance" non_trainable : tensor<4xf32>
  %n = xnn.batch_norm "block1_conv1_bn" %c gamma %g beta %b mean %m variance %v : (tensor<?x6x6x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x6x6x4xf32>
  %r = xnn.activation "block1_conv1_act" %n {activation = #xnn.activation<relu>} : tensor<?x6x6x4xf32> -> tensor<?x6x6x4xf32>
  %k0 = xnn.param "conv2d", "kernel" : tensor<1x1x4x4xf32>
  %c0 = xnn.conv2d "conv2d" %r, %k0 : (tensor<?x6x6x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x6x6x4xf32>
  %g0 = xnn.param "batch_normalization", "gamma" : tensor<4xf32>
  %b0 = xnn.param "batch_normalization", "beta" : tensor<4xf32>
  %m0 = xnn.param "batch_normalization", "moving_mean" non_trainable : tensor<4xf32>
  %v0 = xnn.param "batch_normalization", "moving_variance" non_trainable : tensor<4xf32>
  %n0 = xnn.batch_norm "batch_normalization" %c0 gamma %g0 beta %b0 mean %m0 variance %v0 : (tensor<?x6x6x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x6x6x4xf32>
  %k1 = xnn.param "conv2d_1", "kernel" : tensor<1x1x4x4xf32>
  %c1 = xnn.conv2d "conv2d_1" %n0, %k1 : (tensor<?x6x6x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x6x6x4xf32>
  xnn.output %c1 : tensor<?x6x6x4xf32>
}
