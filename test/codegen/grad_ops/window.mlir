// A trainable BatchNorm (inference mode, as the guide's fine-tune) between two convolutions: the forward reads it
// through the 3x3 convolution's window, its input gradient multiplies by the scale computed once per call
// (Stage::bnScale), and γ's gradient divides by the same square root. Every gradient must match the reference.
xnn.model @grad_window {
  %in = xnn.input "input_layer" : tensor<?x8x7x3xf32>
  %k1 = xnn.param "c1", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x3x24xf32>
  %c1 = xnn.conv2d "c1" %in, %k1 {padding = #xnn.padding<same>} : (tensor<?x8x7x3xf32>, tensor<3x3x3x24xf32>) -> tensor<?x8x7x24xf32>
  %g = xnn.param "bn", "gamma" init(#xnn.initializer<ones>) : tensor<24xf32>
  %b = xnn.param "bn", "beta" init(#xnn.initializer<zeros>) : tensor<24xf32>
  %m = xnn.param "bn", "moving_mean" non_trainable init(#xnn.initializer<zeros>) : tensor<24xf32>
  %v = xnn.param "bn", "moving_variance" non_trainable init(#xnn.initializer<ones>) : tensor<24xf32>
  %n = xnn.batch_norm "bn" %c1 gamma %g beta %b mean %m variance %v {training = false} : (tensor<?x8x7x24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<24xf32>, tensor<24xf32>) -> tensor<?x8x7x24xf32>
  %r = xnn.activation "bn_act" %n {activation = #xnn.activation<relu>} : tensor<?x8x7x24xf32> -> tensor<?x8x7x24xf32>
  %k2 = xnn.param "c2", "kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<3x3x24x32xf32>
  %c2 = xnn.conv2d "c2" %r, %k2 : (tensor<?x8x7x24xf32>, tensor<3x3x24x32xf32>) -> tensor<?x6x5x32xf32>
  %gp = xnn.global_avg_pool2d "gap" %c2 : tensor<?x6x5x32xf32> -> tensor<?x32xf32>
  %k3 = xnn.param "d", "kernel" init(#xnn.initializer<glorot_uniform, seed = 5>) : tensor<32x3xf32>
  %b3 = xnn.param "d", "bias" init(#xnn.initializer<zeros>) : tensor<3xf32>
  %y = xnn.dense "d" %gp, %k3, %b3 : (tensor<?x32xf32>, tensor<32x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  xnn.output %y : tensor<?x3xf32>
  xnn.phase "train" {optimizer = #xnn.sgd<learning_rate = 1.0e-1>, loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>, metrics = [#xnn.metric<accuracy>]}
}
