// Benchmark model: Xception's middle-flow 1x1 convolution at 150x150 input (9x9x728 -> 728) alone, frozen (weights constant).
xnn.model @bench_pointwise {
  %in = xnn.input "input_layer" : tensor<?x9x9x728xf32>
  %k = xnn.param "pw", "kernel" : tensor<1x1x728x728xf32>
  %b = xnn.param "pw", "bias" : tensor<728xf32>
  %y = xnn.conv2d "pw" %in, %k, %b : (tensor<?x9x9x728xf32>, tensor<1x1x728x728xf32>, tensor<728xf32>) -> tensor<?x9x9x728xf32>
  xnn.output %y : tensor<?x9x9x728xf32>
}
