// Output channels in whole multiples of the GEMM's 32-channel panel (64, 96 and 64): the frozen kernels are packed
// into panels at compile time (Halide/Gemm.cpp's panelWeights), a 3x3 kernel's taps included, and every output
// element must still match the reference, the last panel's as much as the first's. The rows of c1 (6 pixels) and
// c2 (3) are short enough for register tiles of 64 channels (schedules/forward_schedule.cpp), two panels per tile.
xnn.model @op_panels {
  %in = xnn.input "input_layer" : tensor<?x7x6x6xf32>
  %k1 = xnn.param "c1", "kernel" : tensor<3x3x6x64xf32>
  %b1 = xnn.param "c1", "bias" : tensor<64xf32>
  %c1 = xnn.conv2d "c1" %in, %k1, %b1 {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x7x6x6xf32>, tensor<3x3x6x64xf32>, tensor<64xf32>) -> tensor<?x7x6x64xf32>
  %dk = xnn.param "sep", "depthwise_kernel" : tensor<3x3x64x1xf32>
  %pk = xnn.param "sep", "pointwise_kernel" : tensor<1x1x64x96xf32>
  %s = xnn.separable_conv2d "sep" %c1, %dk, %pk {padding = #xnn.padding<same>} : (tensor<?x7x6x64xf32>, tensor<3x3x64x1xf32>, tensor<1x1x64x96xf32>) -> tensor<?x7x6x96xf32>
  %k2 = xnn.param "c2", "kernel" : tensor<1x1x96x64xf32>
  %c2 = xnn.conv2d "c2" %s, %k2 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x7x6x96xf32>, tensor<1x1x96x64xf32>) -> tensor<?x4x3x64xf32>
  %f = xnn.flatten "f" %c2 : tensor<?x4x3x64xf32> -> tensor<?x768xf32>
  xnn.output %f : tensor<?x768xf32>
}
