// Gradients of the losses on probabilities (Keras's clip to [1e-7, 1 - 1e-7]) through sigmoid and softmax,
// inference-mode BatchNorm with trainable gamma/beta, valid and 'same' pools, zero padding, concatenation, a
// residual add, reshape, training-mode Dropout (the seeded mask), and a trainable layer before Rescaling.
xnn.model @grad_probabilities {
  %in = xnn.input "input_layer" : tensor<?x8x8x3xf32>
  %k1 = xnn.param "c1", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x3x6xf32>
  %c1 = xnn.conv2d "c1" %in, %k1 {padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x6xf32>) -> tensor<?x8x8x6xf32>
  %r = xnn.rescaling "rescaling" %c1 {scale = 0.01 : f64, offset = 0.5 : f64} : tensor<?x8x8x6xf32> -> tensor<?x8x8x6xf32>
  %g = xnn.param "bn", "gamma" init(#xnn.initializer<ones>) : tensor<6xf32>
  %b = xnn.param "bn", "beta" init(#xnn.initializer<zeros>) : tensor<6xf32>
  %m = xnn.param "bn", "moving_mean" non_trainable init(#xnn.initializer<zeros>) : tensor<6xf32>
  %v = xnn.param "bn", "moving_variance" non_trainable init(#xnn.initializer<ones>) : tensor<6xf32>
  %n = xnn.batch_norm "bn" %r gamma %g beta %b mean %m variance %v {training = false} : (tensor<?x8x8x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<?x8x8x6xf32>
  %s = xnn.activation "sig" %n {activation = #xnn.activation<sigmoid>} : tensor<?x8x8x6xf32> -> tensor<?x8x8x6xf32>
  %mp = xnn.max_pool2d "mp" %s {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x8x8x6xf32> -> tensor<?x4x4x6xf32>
  %zp = xnn.zero_padding2d "pad" %s {padding = array<i64: 1, 0, 0, 1>} : tensor<?x8x8x6xf32> -> tensor<?x9x9x6xf32>
  %vp = xnn.max_pool2d "vp" %zp {pool_size = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<?x9x9x6xf32> -> tensor<?x4x4x6xf32>
  %ap = xnn.avg_pool2d "ap" %mp {pool_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = #xnn.padding<same>} : tensor<?x4x4x6xf32> -> tensor<?x4x4x6xf32>
  %sum = xnn.add "add" %ap, %vp : (tensor<?x4x4x6xf32>, tensor<?x4x4x6xf32>) -> tensor<?x4x4x6xf32>
  %cat = xnn.concatenate "cat" %sum, %mp : (tensor<?x4x4x6xf32>, tensor<?x4x4x6xf32>) -> tensor<?x4x4x12xf32>
  %rs = xnn.reshape "rs" %cat {target_shape = array<i64: 8, 24>} : tensor<?x4x4x12xf32> -> tensor<?x8x24xf32>
  %fl = xnn.flatten "fl" %rs : tensor<?x8x24xf32> -> tensor<?x192xf32>
  %dr = xnn.dropout "dropout" %fl {rate = 0.3 : f64, seed = 7 : i64} : tensor<?x192xf32> -> tensor<?x192xf32>
  %k2 = xnn.param "d", "kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<192x4xf32>
  %b2 = xnn.param "d", "bias" init(#xnn.initializer<zeros>) : tensor<4xf32>
  %y = xnn.dense "d" %dr, %k2, %b2 {activation = #xnn.activation<softmax>} : (tensor<?x192xf32>, tensor<192x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
  xnn.phase "train" {optimizer = #xnn.adam<learning_rate = 1.0e-2>, loss = #xnn.loss<sparse_categorical_crossentropy>, metrics = [#xnn.metric<sparse_categorical_accuracy>]}
}
