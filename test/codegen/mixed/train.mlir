// mixed_bfloat16 training: forward.mlir's layers, all trainable (their kernels are packed into bf16 pairs once
// per step), under Dense(48) and Dense(1) with binary cross-entropy from logits. Every backward GEMM that reduces
// over an even channel count runs in bf16 pairs: the separable convolution's gradient at its depthwise result, the
// input gradients of both convolutions (the strided one through the transposed window's skipped taps) and of the
// hidden Dense; the kernel gradients reduce over pairs of images. On AMX every GEMM runs on tiles.
// No ReLU: a ReLU whose input lands within bf16's rounding of zero flips its mask, and each flip moves a gradient
// by its full size. With ReLUs after each convolution these gradients differ from float32 by 2-8 % relative L2
// (measured), which is bf16's nature and would hide a fault of the GEMMs; without them they stay within 1 %.
xnn.model @mixed_train attributes {dtype_policy = "mixed_bfloat16"} {
  %in = xnn.input "input_layer" : tensor<?x9x14x16xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x9x14x16xf32> -> tensor<?x9x14x16xf32>
  %k0 = xnn.param "stem", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<1x1x16x16xf32>
  %c0 = xnn.conv2d "stem" %x, %k0 {padding = #xnn.padding<valid>} : (tensor<?x9x14x16xf32>, tensor<1x1x16x16xf32>) -> tensor<?x9x14x16xf32>
  %k1 = xnn.param "conv", "kernel" init(#xnn.initializer<glorot_uniform, seed = 2>) : tensor<3x3x16x48xf32>
  %b1 = xnn.param "conv", "bias" init(#xnn.initializer<zeros>) : tensor<48xf32>
  %c1 = xnn.conv2d "conv" %c0, %k1, %b1 {padding = #xnn.padding<same>} : (tensor<?x9x14x16xf32>, tensor<3x3x16x48xf32>, tensor<48xf32>) -> tensor<?x9x14x48xf32>
  %dk = xnn.param "sep", "depthwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<3x3x48x1xf32>
  %pk = xnn.param "sep", "pointwise_kernel" init(#xnn.initializer<glorot_uniform, seed = 4>) : tensor<1x1x48x64xf32>
  %s = xnn.separable_conv2d "sep" %c1, %dk, %pk {padding = #xnn.padding<same>} : (tensor<?x9x14x48xf32>, tensor<3x3x48x1xf32>, tensor<1x1x48x64xf32>) -> tensor<?x9x14x64xf32>
  %k3 = xnn.param "residual", "kernel" init(#xnn.initializer<glorot_uniform, seed = 5>) : tensor<1x1x64x32xf32>
  %c3 = xnn.conv2d "residual" %s, %k3 {padding = #xnn.padding<same>, strides = array<i64: 2, 2>} : (tensor<?x9x14x64xf32>, tensor<1x1x64x32xf32>) -> tensor<?x5x7x32xf32>
  %g = xnn.global_avg_pool2d "gap" %c3 : tensor<?x5x7x32xf32> -> tensor<?x32xf32>
  %kh = xnn.param "hidden", "kernel" init(#xnn.initializer<glorot_uniform, seed = 7>) : tensor<32x48xf32>
  %bh = xnn.param "hidden", "bias" init(#xnn.initializer<zeros>) : tensor<48xf32>
  %h = xnn.dense "hidden" %g, %kh, %bh : (tensor<?x32xf32>, tensor<32x48xf32>, tensor<48xf32>) -> tensor<?x48xf32>
  %k4 = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform, seed = 6>) : tensor<48x1xf32>
  %b4 = xnn.param "dense", "bias" init(#xnn.initializer<zeros>) : tensor<1xf32>
  %y = xnn.dense "dense" %h, %k4, %b4 : (tensor<?x48xf32>, tensor<48x1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  xnn.phase "train" {optimizer = #xnn.adam<learning_rate = 1.0e-3>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
}
