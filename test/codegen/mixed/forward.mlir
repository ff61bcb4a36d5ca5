// mixed_bfloat16 inference: the three GEMM shapes of Xception with even channel counts, so that every reduction
// runs in bf16 pairs: a 3x3 convolution (16 -> 48 channels: one full 32-channel tile and a shifted one), a
// separable convolution (its pointwise half, 48 -> 64) and a 1x1 convolution of stride 2 (64 -> 32). The weights
// are frozen, so xcc packs them into bf16 pairs at compile time.
xnn.model @mixed_forward attributes {dtype_policy = "mixed_bfloat16"} {
  %in = xnn.input "input_layer" : tensor<?x9x14x16xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x9x14x16xf32> -> tensor<?x9x14x16xf32>
  %k1 = xnn.param "conv", "kernel" : tensor<3x3x16x48xf32>
  %b1 = xnn.param "conv", "bias" : tensor<48xf32>
  %c1 = xnn.conv2d "conv" %x, %k1, %b1 {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x9x14x16xf32>, tensor<3x3x16x48xf32>, tensor<48xf32>) -> tensor<?x9x14x48xf32>
  %dk = xnn.param "sep", "depthwise_kernel" : tensor<3x3x48x1xf32>
  %pk = xnn.param "sep", "pointwise_kernel" : tensor<1x1x48x64xf32>
  %s = xnn.separable_conv2d "sep" %c1, %dk, %pk {padding = #xnn.padding<same>, activation = #xnn.activation<relu>} : (tensor<?x9x14x48xf32>, tensor<3x3x48x1xf32>, tensor<1x1x48x64xf32>) -> tensor<?x9x14x64xf32>
  %k3 = xnn.param "residual", "kernel" : tensor<1x1x64x32xf32>
  %c3 = xnn.conv2d "residual" %s, %k3 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x9x14x64xf32>, tensor<1x1x64x32xf32>) -> tensor<?x5x7x32xf32>
  %f = xnn.flatten "f" %c3 : tensor<?x5x7x32xf32> -> tensor<?x1120xf32>
  xnn.output %f : tensor<?x1120xf32>
}
