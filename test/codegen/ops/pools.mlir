// One op kind, all outputs compared with the reference (the flatten exposes every element). Max-pool 'same' stride 2 (-inf padding) and avg-pool 'same' stride 1 (in-image divisor), concatenated.
xnn.model @op_pools {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %mp = xnn.max_pool2d "mp" %in {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x9x8x3xf32> -> tensor<?x5x4x3xf32>
  %ap = xnn.avg_pool2d "ap" %in {pool_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = #xnn.padding<same>} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %vp = xnn.max_pool2d "vp" %in : tensor<?x9x8x3xf32> -> tensor<?x4x4x3xf32>
  %f1 = xnn.flatten "f1" %mp : tensor<?x5x4x3xf32> -> tensor<?x60xf32>
  %f2 = xnn.flatten "f2" %ap : tensor<?x9x8x3xf32> -> tensor<?x216xf32>
  %f3 = xnn.flatten "f3" %vp : tensor<?x4x4x3xf32> -> tensor<?x48xf32>
  %c = xnn.concatenate "c" %f1, %f2, %f3 : (tensor<?x60xf32>, tensor<?x216xf32>, tensor<?x48xf32>) -> tensor<?x324xf32>
  xnn.output %c : tensor<?x324xf32>
}
