// Frozen parameters of every source for materialize-frozen-params-options.test: two weights-file entries and one
// initializer, plus one trainable parameter.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2xf32>
  %k = xnn.param "conv", "kernel" frozen : tensor<2x2xf32>
  %g = xnn.param "bn", "gamma" frozen : tensor<2xf32>
  %m = xnn.param "bn", "moving_mean" non_trainable frozen init(#xnn.initializer<zeros>) : tensor<2xf32>
  %v = xnn.param "bn", "moving_variance" non_trainable frozen init(#xnn.initializer<ones>) : tensor<2xf32>
  %c = xnn.dense "conv" %x, %k : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %n = xnn.batch_norm "bn" %c gamma %g mean %m variance %v {training = false} : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %dk = xnn.param "dense", "kernel" : tensor<2x1xf32>
  %o = xnn.dense "dense" %n, %dk : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}
