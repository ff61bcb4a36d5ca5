// The guide's shape in miniature for model_weights_test.cpp: a nested base whose weights all come from a
// pretrained file, under a Dense head that comes from the file too. The residual conv is built before the main
// path, as in Xception, so Keras's layer order (by depth) differs from the order here: in a Keras 3 file the
// 3x3 block1_conv1 is layers/functional/layers/conv2d and the 1x1 residual "conv2d" is conv2d_1.
xnn.model @pretrained {
  %in = xnn.input "input_layer_1" : tensor<?x4x4x3xf32>
  %f = xnn.submodel "base" (%in) {training = false} : (tensor<?x4x4x3xf32>) -> tensor<?x4x4x4xf32> {
  ^bb0(%a: tensor<?x4x4x3xf32>):
    %rk = xnn.param "conv2d", "kernel" : tensor<1x1x3x4xf32>
    %r = xnn.conv2d "conv2d" %a, %rk : (tensor<?x4x4x3xf32>, tensor<1x1x3x4xf32>) -> tensor<?x4x4x4xf32>
    %k = xnn.param "block1_conv1", "kernel" : tensor<3x3x3x4xf32>
    %c = xnn.conv2d "block1_conv1" %a, %k {padding = #xnn.padding<same>} : (tensor<?x4x4x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x4x4x4xf32>
    %g = xnn.param "block1_conv1_bn", "gamma" : tensor<4xf32>
    %b = xnn.param "block1_conv1_bn", "beta" : tensor<4xf32>
    %m = xnn.param "block1_conv1_bn", "moving_mean" non_trainable : tensor<4xf32>
    %v = xnn.param "block1_conv1_bn", "moving_variance" non_trainable : tensor<4xf32>
    %n = xnn.batch_norm "block1_conv1_bn" %c gamma %g beta %b mean %m variance %v : (tensor<?x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4x4x4xf32>
    %act = xnn.activation "block1_conv1_act" %n {activation = #xnn.activation<relu>} : tensor<?x4x4x4xf32> -> tensor<?x4x4x4xf32>
    %s = xnn.add "add" %act, %r : (tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>) -> tensor<?x4x4x4xf32>
    xnn.yield %s : tensor<?x4x4x4xf32>
  }
  %gap = xnn.global_avg_pool2d "global_average_pooling2d" %f : tensor<?x4x4x4xf32> -> tensor<?x4xf32>
  %dk = xnn.param "dense", "kernel" : tensor<4x1xf32>
  %db = xnn.param "dense", "bias" : tensor<1xf32>
  %logits = xnn.dense "dense" %gap, %dk, %db : (tensor<?x4xf32>, tensor<4x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %logits : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<learning_rate = 1.0e-2>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<learning_rate = 1.0e-5>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
}
