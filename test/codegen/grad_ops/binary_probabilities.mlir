// BinaryCrossentropy on probabilities (a sigmoid Dense),
// binary accuracy at threshold 0.5, global max pooling, a separable convolution and plain SGD.
xnn.model @grad_binary_probabilities {
  %in = xnn.input "input_layer" : tensor<?x7x6x2xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x7x6x2xf32> -> tensor<?x7x6x2xf32>
  %dk = xnn.param "sep", "depthwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x2x1xf32>
  %pk = xnn.param "sep", "pointwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<1x1x2x5xf32>
  %sb = xnn.param "sep", "bias" init(#xnn.initializer<zeros>) : tensor<5xf32>
  %s = xnn.separable_conv2d "sep" %x, %dk, %pk, %sb {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x7x6x2xf32>, tensor<3x3x2x1xf32>, tensor<1x1x2x5xf32>, tensor<5xf32>) -> tensor<?x7x6x5xf32>
  %gmp = xnn.global_max_pool2d "gmp" %s : tensor<?x7x6x5xf32> -> tensor<?x5xf32>
  %k = xnn.param "d", "kernel" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<5x1xf32>
  %b = xnn.param "d", "bias" init(#xnn.initializer<zeros>) : tensor<1xf32>
  %y = xnn.dense "d" %gmp, %k, %b {activation = #xnn.activation<sigmoid>} : (tensor<?x5xf32>, tensor<5x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  xnn.phase "train" {optimizer = #xnn.sgd<learning_rate = 1.0e-1>, loss = #xnn.loss<binary_crossentropy>, metrics = [#xnn.metric<binary_accuracy>]}
}
