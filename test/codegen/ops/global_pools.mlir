// One op kind, all outputs compared with the reference (the flatten exposes every element). Global average and max pooling, with and without keepdims.
xnn.model @op_global_pools {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %ga = xnn.global_avg_pool2d "gap" %in : tensor<?x9x8x3xf32> -> tensor<?x3xf32>
  %gm = xnn.global_max_pool2d "gmp" %in {keepdims = true} : tensor<?x9x8x3xf32> -> tensor<?x1x1x3xf32>
  %f = xnn.flatten "f" %gm : tensor<?x1x1x3xf32> -> tensor<?x3xf32>
  %c = xnn.concatenate "c" %ga, %f : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x6xf32>
  xnn.output %c : tensor<?x6xf32>
}
