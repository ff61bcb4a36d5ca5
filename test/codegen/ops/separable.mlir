// One op kind, all outputs compared with the reference (the flatten exposes every element). Depthwise then pointwise, 'same', relu, as in Xception but with a bias.
xnn.model @op_separable {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %dk = xnn.param "sep", "depthwise_kernel" : tensor<3x3x3x1xf32>
  %pk = xnn.param "sep", "pointwise_kernel" : tensor<1x1x3x5xf32>
  %b = xnn.param "sep", "bias" : tensor<5xf32>
  %s = xnn.separable_conv2d "sep" %in, %dk, %pk, %b {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x9x8x3xf32>, tensor<3x3x3x1xf32>, tensor<1x1x3x5xf32>, tensor<5xf32>) -> tensor<?x9x8x5xf32>
  %f = xnn.flatten "f" %s : tensor<?x9x8x5xf32> -> tensor<?x360xf32>
  xnn.output %f : tensor<?x360xf32>
}
