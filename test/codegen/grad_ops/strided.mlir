// Gradients through strided, dilated and asymmetric 'same' windows (transposed windows must skip the taps no
// output reads), a depthwise convolution with depth multiplier 2, and SparseCategoricalCrossentropy from logits
// trained with Nesterov SGD. Everything trains, so every input gradient is exercised.
xnn.model @grad_strided {
  %in = xnn.input "input_layer" : tensor<?x12x11x3xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0039215686274509803 : f64, offset = 0.0 : f64} : tensor<?x12x11x3xf32> -> tensor<?x12x11x3xf32>
  %k1 = xnn.param "c1", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x3x4xf32>
  %b1 = xnn.param "c1", "bias" init(#xnn.initializer<zeros>) : tensor<4xf32>
  %c1 = xnn.conv2d "c1" %x, %k1, %b1 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>, activation = #xnn.activation<relu>} : (tensor<?x12x11x3xf32>, tensor<3x3x3x4xf32>, tensor<4xf32>) -> tensor<?x6x6x4xf32>
  %k2 = xnn.param "c2", "kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<3x3x4x4xf32>
  %c2 = xnn.conv2d "c2" %c1, %k2 {padding = #xnn.padding<same>, dilation_rate = array<i64: 2, 2>} : (tensor<?x6x6x4xf32>, tensor<3x3x4x4xf32>) -> tensor<?x6x6x4xf32>
  %dk = xnn.param "dw", "depthwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<3x3x4x2xf32>
  %db = xnn.param "dw", "bias" init(#xnn.initializer<zeros>) : tensor<8xf32>
  %d = xnn.depthwise_conv2d "dw" %c2, %dk, %db {padding = #xnn.padding<same>, strides = array<i64: 2, 2>, activation = #xnn.activation<relu6>} : (tensor<?x6x6x4xf32>, tensor<3x3x4x2xf32>, tensor<8xf32>) -> tensor<?x3x3x8xf32>
  %k3 = xnn.param "c3", "kernel" init(#xnn.initializer<glorot_uniform, seed = 4>) : tensor<1x1x8x5xf32>
  %c3 = xnn.conv2d "c3" %d, %k3 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x3x3x8xf32>, tensor<1x1x8x5xf32>) -> tensor<?x2x2x5xf32>
  %f = xnn.flatten "flatten" %c3 : tensor<?x2x2x5xf32> -> tensor<?x20xf32>
  %k4 = xnn.param "d", "kernel" init(#xnn.initializer<glorot_uniform, seed = 5>) : tensor<20x3xf32>
  %b4 = xnn.param "d", "bias" init(#xnn.initializer<zeros>) : tensor<3xf32>
  %y = xnn.dense "d" %f, %k4, %b4 : (tensor<?x20xf32>, tensor<20x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  xnn.output %y : tensor<?x3xf32>
  xnn.phase "train" {optimizer = #xnn.sgd<learning_rate = 1.0e-1, momentum = 0.9, nesterov = true>, loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>, metrics = [#xnn.metric<accuracy>]}
}
