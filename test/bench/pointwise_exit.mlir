// Benchmark model: Xception's last 1x1 convolution at 150x150 input (5x5x1536 -> 2048, block14_sepconv2's pointwise
// half) alone, frozen: few pixels per image against 12 MiB of weights, the opposite of the middle flow's.
xnn.model @bench_pointwise_exit {
  %in = xnn.input "input_layer" : tensor<?x5x5x1536xf32>
  %k = xnn.param "pw", "kernel" : tensor<1x1x1536x2048xf32>
  %b = xnn.param "pw", "bias" : tensor<2048xf32>
  %y = xnn.conv2d "pw" %in, %k, %b : (tensor<?x5x5x1536xf32>, tensor<1x1x1536x2048xf32>, tensor<2048xf32>) -> tensor<?x5x5x2048xf32>
  xnn.output %y : tensor<?x5x5x2048xf32>
}
