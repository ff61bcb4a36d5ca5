// Convolutions reading layers fused into them: a 3x3 convolution reads a BatchNorm (nothing before it to fold it
// into) and ReLU over 'same' padding, computed once per row task into its Stage::window
// (schedules/forward_schedule.cpp) with the BN's scale computed once per call (Stage::bnScale); 20 input channels
// make the window's vectors shift inwards over the last 4. A strided 1x1 convolution reads the next ReLU as it
// is (no window). Every output must match.
xnn.model @op_window {
  %in = xnn.input "input_layer" : tensor<?x9x8x20xf32>
  %g = xnn.param "bn", "gamma" : tensor<20xf32>
  %b = xnn.param "bn", "beta" : tensor<20xf32>
  %m = xnn.param "bn", "moving_mean" non_trainable : tensor<20xf32>
  %v = xnn.param "bn", "moving_variance" non_trainable : tensor<20xf32>
  %n = xnn.batch_norm "bn" %in gamma %g beta %b mean %m variance %v : (tensor<?x9x8x20xf32>, tensor<20xf32>, tensor<20xf32>, tensor<20xf32>, tensor<20xf32>) -> tensor<?x9x8x20xf32>
  %r = xnn.activation "bn_act" %n {activation = #xnn.activation<relu>} : tensor<?x9x8x20xf32> -> tensor<?x9x8x20xf32>
  %k1 = xnn.param "c1", "kernel" : tensor<3x3x20x32xf32>
  %b1 = xnn.param "c1", "bias" : tensor<32xf32>
  %c1 = xnn.conv2d "c1" %r, %k1, %b1 {padding = #xnn.padding<same>} : (tensor<?x9x8x20xf32>, tensor<3x3x20x32xf32>, tensor<32xf32>) -> tensor<?x9x8x32xf32>
  %r1 = xnn.activation "c1_act" %c1 {activation = #xnn.activation<relu>} : tensor<?x9x8x32xf32> -> tensor<?x9x8x32xf32>
  %k2 = xnn.param "c2", "kernel" : tensor<1x1x32x16xf32>
  %c2 = xnn.conv2d "c2" %r1, %k2 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x9x8x32xf32>, tensor<1x1x32x16xf32>) -> tensor<?x5x4x16xf32>
  %f = xnn.flatten "f" %c2 : tensor<?x5x4x16xf32> -> tensor<?x320xf32>
  xnn.output %f : tensor<?x320xf32>
}
