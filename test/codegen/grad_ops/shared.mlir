// Shared layers (what `xcc import` makes of a Keras layer called twice): `conv` is applied to the input twice,
// once straight into the sum and once through a ReLU, and `dense` to its own output. Each keeps one xnn.param per
// weight, so the train step must add the gradients of both calls, which the reference gets by summing every use
// of a parameter node.
xnn.model @grad_shared {
  %in = xnn.input "input_layer" : tensor<?x5x5x2xf32>
  %kc = xnn.param "conv_c", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x2x3xf32>
  %c = xnn.conv2d "conv_c" %in, %kc {padding = #xnn.padding<same>} : (tensor<?x5x5x2xf32>, tensor<3x3x2x3xf32>) -> tensor<?x5x5x3xf32>
  %k = xnn.param "conv", "kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<1x1x2x3xf32>
  %b = xnn.param "conv", "bias" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<3xf32>
  %a0 = xnn.conv2d "conv" %in, %k, %b : (tensor<?x5x5x2xf32>, tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<?x5x5x3xf32>
  %a1 = xnn.conv2d "conv_ib-1" %in, %k, %b {xnn.call_of = "conv"} : (tensor<?x5x5x2xf32>, tensor<1x1x2x3xf32>, tensor<3xf32>) -> tensor<?x5x5x3xf32>
  %r = xnn.activation "relu" %a1 {activation = #xnn.activation<relu>} : tensor<?x5x5x3xf32> -> tensor<?x5x5x3xf32>
  %s = xnn.add "add" %c, %a0, %r : (tensor<?x5x5x3xf32>, tensor<?x5x5x3xf32>, tensor<?x5x5x3xf32>) -> tensor<?x5x5x3xf32>
  %g = xnn.global_avg_pool2d "gap" %s : tensor<?x5x5x3xf32> -> tensor<?x3xf32>
  %dk = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform, seed = 4>) : tensor<3x3xf32>
  %db = xnn.param "dense", "bias" init(#xnn.initializer<glorot_uniform, seed = 5>) : tensor<3xf32>
  %d0 = xnn.dense "dense" %g, %dk, %db {activation = #xnn.activation<relu>} : (tensor<?x3xf32>, tensor<3x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %d1 = xnn.dense "dense_ib-1" %d0, %dk, %db {xnn.call_of = "dense"} : (tensor<?x3xf32>, tensor<3x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  xnn.output %d1 : tensor<?x3xf32>
  xnn.phase "train" {optimizer = #xnn.sgd<learning_rate = 1.0e-1>, loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>, metrics = [#xnn.metric<accuracy>]}
}
