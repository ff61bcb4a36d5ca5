// A tiny model that uses every xnn op kind and compiles in seconds: CI's stand-in for Xception.
// Input 8x8 RGB; a small base (conv/BN/act, depthwise, separable, pools, padding, concat, add, reshape) as a nested
// model, then the guide's head: GlobalAveragePooling2D -> Dropout -> Dense(1) logits.
xnn.model @tiny {
  %in = xnn.input "input_layer" : tensor<?x8x8x3xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x8x8x3xf32> -> tensor<?x8x8x3xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x8x8x3xf32>) -> tensor<?x4x4x8xf32> {
  ^bb0(%a: tensor<?x8x8x3xf32>):
    %k1 = xnn.param "conv1", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<3x3x3x4xf32>
    %c1 = xnn.conv2d "conv1" %a, %k1 {padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x8x8x4xf32>
    %g = xnn.param "conv1_bn", "gamma" init(#xnn.initializer<ones>) : tensor<4xf32>
    %b = xnn.param "conv1_bn", "beta" init(#xnn.initializer<zeros>) : tensor<4xf32>
    %m = xnn.param "conv1_bn", "moving_mean" non_trainable init(#xnn.initializer<zeros>) : tensor<4xf32>
    %v = xnn.param "conv1_bn", "moving_variance" non_trainable init(#xnn.initializer<ones>) : tensor<4xf32>
    %n1 = xnn.batch_norm "conv1_bn" %c1 gamma %g beta %b mean %m variance %v : (tensor<?x8x8x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
    %r1 = xnn.activation "conv1_relu" %n1 {activation = #xnn.activation<relu>} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
    %dk = xnn.param "dw", "depthwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<3x3x4x1xf32>
    %db = xnn.param "dw", "bias" init(#xnn.initializer<zeros>) : tensor<4xf32>
    %d = xnn.depthwise_conv2d "dw" %r1, %dk, %db {padding = #xnn.padding<same>, activation = #xnn.activation<relu6>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
    %sd = xnn.param "sep", "depthwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<3x3x4x1xf32>
    %sp = xnn.param "sep", "pointwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 4>) : tensor<1x1x4x4xf32>
    %s = xnn.separable_conv2d "sep" %d, %sd, %sp {padding = #xnn.padding<same>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x1xf32>, tensor<1x1x4x4xf32>) -> tensor<?x8x8x4xf32>
    %ap = xnn.avg_pool2d "avg" %s {pool_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = #xnn.padding<same>} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
    %cat = xnn.concatenate "concat" %ap, %r1 : (tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>) -> tensor<?x8x8x8xf32>
    %zp = xnn.zero_padding2d "pad" %cat {padding = array<i64: 0, 1, 0, 1>} : tensor<?x8x8x8xf32> -> tensor<?x9x9x8xf32>
    %mp = xnn.max_pool2d "pool" %zp {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<?x9x9x8xf32> -> tensor<?x4x4x8xf32>
    %mp2 = xnn.max_pool2d "pool_same" %cat {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x8x8x8xf32> -> tensor<?x4x4x8xf32>
    %sum = xnn.add "add" %mp, %mp2 : (tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>) -> tensor<?x4x4x8xf32>
    %fl = xnn.flatten "flatten" %sum : tensor<?x4x4x8xf32> -> tensor<?x128xf32>
    %rs = xnn.reshape "reshape" %fl {target_shape = array<i64: 4, 4, -1>} : tensor<?x128xf32> -> tensor<?x4x4x8xf32>
    xnn.yield %rs : tensor<?x4x4x8xf32>
  }
  %gmp = xnn.global_max_pool2d "gmp" %f {keepdims = true} : tensor<?x4x4x8xf32> -> tensor<?x1x1x8xf32>
  %k2 = xnn.param "conv_head", "kernel" init(#xnn.initializer<glorot_uniform, seed = 5>) : tensor<1x1x8x8xf32>
  %b2 = xnn.param "conv_head", "bias" init(#xnn.initializer<zeros>) : tensor<8xf32>
  %c2 = xnn.conv2d "conv_head" %gmp, %k2, %b2 {activation = #xnn.activation<sigmoid>} : (tensor<?x1x1x8xf32>, tensor<1x1x8x8xf32>, tensor<8xf32>) -> tensor<?x1x1x8xf32>
  %gap = xnn.global_avg_pool2d "global_average_pooling2d" %c2 : tensor<?x1x1x8xf32> -> tensor<?x8xf32>
  %sm = xnn.activation "softmax" %gap {activation = #xnn.activation<softmax>} : tensor<?x8xf32> -> tensor<?x8xf32>
  %lin = xnn.activation "linear" %sm {activation = #xnn.activation<linear>} : tensor<?x8xf32> -> tensor<?x8xf32>
  %dr = xnn.dropout "dropout" %lin {rate = 0.2 : f64, seed = 1337 : i64} : tensor<?x8xf32> -> tensor<?x8xf32>
  %dk2 = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform, seed = 6>) : tensor<8x1xf32>
  %dbias = xnn.param "dense", "bias" init(#xnn.initializer<zeros>) : tensor<1xf32>
  %logits = xnn.dense "dense" %dr, %dk2, %dbias : (tensor<?x8xf32>, tensor<8x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %logits : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<learning_rate = 1.0e-2>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<learning_rate = 1.0e-5>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
}
