// Trainable kernels whose GEMM outputs fill whole 32-channel panels: packed once per step (Halide/Gemm.cpp's
// panelWeights) for the forward (64, 64 and 96 outputs) and, transposed, for the input gradients (the separable
// convolution's 64 depthwise channels, the last convolution's 64 inputs). Every gradient must match the reference.
xnn.model @grad_panels {
  %in = xnn.input "input_layer" : tensor<?x8x7x3xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0039215686274509803 : f64, offset = 0.0 : f64} : tensor<?x8x7x3xf32> -> tensor<?x8x7x3xf32>
  %k1 = xnn.param "c1", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x3x64xf32>
  %b1 = xnn.param "c1", "bias" init(#xnn.initializer<zeros>) : tensor<64xf32>
  %c1 = xnn.conv2d "c1" %x, %k1, %b1 {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x8x7x3xf32>, tensor<3x3x3x64xf32>, tensor<64xf32>) -> tensor<?x8x7x64xf32>
  %dk = xnn.param "sep", "depthwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<3x3x64x1xf32>
  %pk = xnn.param "sep", "pointwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<1x1x64x64xf32>
  %s = xnn.separable_conv2d "sep" %c1, %dk, %pk {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x8x7x64xf32>, tensor<3x3x64x1xf32>, tensor<1x1x64x64xf32>) -> tensor<?x8x7x64xf32>
  %k2 = xnn.param "c2", "kernel" init(#xnn.initializer<glorot_uniform, seed = 4>) : tensor<3x3x64x96xf32>
  %c2 = xnn.conv2d "c2" %s, %k2 : (tensor<?x8x7x64xf32>, tensor<3x3x64x96xf32>) -> tensor<?x6x5x96xf32>
  %g = xnn.global_avg_pool2d "gap" %c2 : tensor<?x6x5x96xf32> -> tensor<?x96xf32>
  %k3 = xnn.param "d", "kernel" init(#xnn.initializer<glorot_uniform, seed = 5>) : tensor<96x3xf32>
  %b3 = xnn.param "d", "bias" init(#xnn.initializer<zeros>) : tensor<3xf32>
  %y = xnn.dense "d" %g, %k3, %b3 : (tensor<?x96xf32>, tensor<96x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  xnn.output %y : tensor<?x3xf32>
  xnn.phase "train" {optimizer = #xnn.sgd<learning_rate = 1.0e-1>, loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>, metrics = [#xnn.metric<accuracy>]}
}
