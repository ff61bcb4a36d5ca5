// One op kind, all outputs compared with the reference (the flatten exposes every element). Inference-mode BN on the input (nothing to fold it into), with gamma and beta.
xnn.model @op_batch_norm {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %g = xnn.param "bn", "gamma" : tensor<3xf32>
  %b = xnn.param "bn", "beta" : tensor<3xf32>
  %m = xnn.param "bn", "moving_mean" non_trainable : tensor<3xf32>
  %v = xnn.param "bn", "moving_variance" non_trainable : tensor<3xf32>
  %n = xnn.batch_norm "bn" %in gamma %g beta %b mean %m variance %v : (tensor<?x9x8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x9x8x3xf32>
  %f = xnn.flatten "f" %n : tensor<?x9x8x3xf32> -> tensor<?x216xf32>
  xnn.output %f : tensor<?x216xf32>
}
