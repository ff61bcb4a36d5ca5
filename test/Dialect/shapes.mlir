// RUN: xcc-opt %s --split-input-file | FileCheck %s
// RUN: xcc-opt %examples/xception_cats_vs_dogs/model.mlir | FileCheck %s --check-prefix=XCEPTION

// Shape inference facts. Every layer op infers its result type and the verifier rejects a declared type that
// differs from the inferred one, so each case below parsing at all proves the inferred shape; the CHECK lines pin
// the printed result. The formulas are TensorFlow's, which Keras uses:
//   'valid': out = floor((in - ((k - 1) * d + 1)) / s) + 1      'same': out = ceil(in / s)
// test/Dialect/invalid.mlir holds the matching negative cases (a declared size off by one is rejected).

// TensorFlow's 'same' padding gives ceil(in / stride) whatever the kernel: 72 -> 36 and 74 -> 37 at stride 2, and
// for the odd 75 it pads asymmetrically and gives 38 (not 37).
// CHECK-LABEL: xnn.model @same_stride2
xnn.model @same_stride2 {
  %a = xnn.input "a" : tensor<?x72x72x3xf32>
  %b = xnn.input "b" : tensor<?x75x74x3xf32>
  %k1 = xnn.param "c72", "kernel" : tensor<3x3x3x8xf32>
  // CHECK: xnn.conv2d "c72" {{.*}} -> tensor<?x36x36x8xf32>
  %c1 = xnn.conv2d "c72" %a, %k1 {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x72x72x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x36x36x8xf32>
  %k2 = xnn.param "c75", "kernel" : tensor<3x3x3x8xf32>
  // CHECK: xnn.conv2d "c75" {{.*}} -> tensor<?x38x37x8xf32>
  %c2 = xnn.conv2d "c75" %b, %k2 {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x75x74x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x38x37x8xf32>
  // 'same' at stride 1 keeps the size even for a kernel larger than the input.
  %k3 = xnn.param "big", "kernel" : tensor<7x7x3x8xf32>
  // CHECK: xnn.conv2d "big" {{.*}} -> tensor<?x75x74x8xf32>
  %c3 = xnn.conv2d "big" %b, %k3 {padding = #xnn.padding<same>} : (tensor<?x75x74x3xf32>, tensor<7x7x3x8xf32>) -> tensor<?x75x74x8xf32>
  xnn.output %c1 : tensor<?x36x36x8xf32>
}

// -----

// 'valid' keeps only full windows: a 3x3 stride-2 conv on 150 gives floor(147 / 2) + 1 = 74, on 151 gives 75,
// and a 3x3 stride-1 conv loses 2 pixels (74 -> 72).
// CHECK-LABEL: xnn.model @valid
xnn.model @valid {
  %x = xnn.input "in" : tensor<?x150x151x3xf32>
  %k1 = xnn.param "s2", "kernel" : tensor<3x3x3x8xf32>
  // CHECK: xnn.conv2d "s2" {{.*}} -> tensor<?x74x75x8xf32>
  %c1 = xnn.conv2d "s2" %x, %k1 {strides = array<i64: 2, 2>} : (tensor<?x150x151x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x74x75x8xf32>
  %k2 = xnn.param "s1", "kernel" : tensor<3x3x8x8xf32>
  // CHECK: xnn.conv2d "s1" {{.*}} -> tensor<?x72x73x8xf32>
  %c2 = xnn.conv2d "s1" %c1, %k2 : (tensor<?x74x75x8xf32>, tensor<3x3x8x8xf32>) -> tensor<?x72x73x8xf32>
  // A window exactly as large as the input still fits once.
  %k3 = xnn.param "whole", "kernel" : tensor<72x73x8x4xf32>
  // CHECK: xnn.conv2d "whole" {{.*}} -> tensor<?x1x1x4xf32>
  %c3 = xnn.conv2d "whole" %c2, %k3 : (tensor<?x72x73x8xf32>, tensor<72x73x8x4xf32>) -> tensor<?x1x1x4xf32>
  xnn.output %c3 : tensor<?x1x1x4xf32>
}

// -----

// Dilation widens the window to (k - 1) * d + 1: a 3x3 kernel with d = 2 spans 5 pixels, so 'valid' on 8 gives 4;
// with 'same' the size is kept. Height and width may differ in kernel size and dilation.
// CHECK-LABEL: xnn.model @dilation
xnn.model @dilation {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k1 = xnn.param "valid", "kernel" : tensor<3x3x3x4xf32>
  // CHECK: xnn.conv2d "valid" {{.*}} -> tensor<?x4x4x4xf32>
  %c1 = xnn.conv2d "valid" %x, %k1 {dilation_rate = array<i64: 2, 2>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x4x4x4xf32>
  %k2 = xnn.param "same", "kernel" : tensor<3x3x3x4xf32>
  // CHECK: xnn.conv2d "same" {{.*}} -> tensor<?x8x8x4xf32>
  %c2 = xnn.conv2d "same" %x, %k2 {dilation_rate = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x8x8x4xf32>
  // 3x1 kernel dilated (3, 1): the height window spans 7 (8 -> 2), the width window 1 (8 -> 8).
  %k3 = xnn.param "rect", "kernel" : tensor<3x1x3x4xf32>
  // CHECK: xnn.conv2d "rect" {{.*}} -> tensor<?x2x8x4xf32>
  %c3 = xnn.conv2d "rect" %x, %k3 {dilation_rate = array<i64: 3, 1>} : (tensor<?x8x8x3xf32>, tensor<3x1x3x4xf32>) -> tensor<?x2x8x4xf32>
  xnn.output %c1 : tensor<?x4x4x4xf32>
}

// -----

// DepthwiseConv2D outputs cin * depth_multiplier channels: a multiplier of 2 doubles 3 channels to 6; the
// spatial size follows the same rules as Conv2D ('same', stride 2: 8 -> 4).
// CHECK-LABEL: xnn.model @depthwise
xnn.model @depthwise {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x3x2xf32>
  %b = xnn.param "dw", "bias" : tensor<6xf32>
  // CHECK: xnn.depthwise_conv2d "dw" {{.*}} -> tensor<?x4x4x6xf32>
  %d = xnn.depthwise_conv2d "dw" %x, %k, %b {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<6xf32>) -> tensor<?x4x4x6xf32>
  // SeparableConv2D: the depthwise stage's 6 channels feed a [1, 1, 6, 5] pointwise kernel, giving 5 channels.
  %sd = xnn.param "sep", "depthwise_kernel" : tensor<3x3x6x1xf32>
  %sp = xnn.param "sep", "pointwise_kernel" : tensor<1x1x6x5xf32>
  // CHECK: xnn.separable_conv2d "sep" {{.*}} -> tensor<?x2x2x5xf32>
  %s = xnn.separable_conv2d "sep" %d, %sd, %sp : (tensor<?x4x4x6xf32>, tensor<3x3x6x1xf32>, tensor<1x1x6x5xf32>) -> tensor<?x2x2x5xf32>
  xnn.output %s : tensor<?x2x2x5xf32>
}

// -----

// Pooling: a 3x3 stride-2 pool on 147 gives 74 with 'same' (Xception at 299) and 73 with 'valid'; strides default
// to the pool size as in Keras (2x2 on 5 -> 2, the last row dropped).
// CHECK-LABEL: xnn.model @pools
xnn.model @pools {
  %x = xnn.input "in" : tensor<?x147x147x8xf32>
  // CHECK: xnn.max_pool2d "same" {{.*}} -> tensor<?x74x74x8xf32>
  %s = xnn.max_pool2d "same" %x {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x147x147x8xf32> -> tensor<?x74x74x8xf32>
  // CHECK: xnn.avg_pool2d "valid" {{.*}} -> tensor<?x73x73x8xf32>
  %v = xnn.avg_pool2d "valid" %x {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<?x147x147x8xf32> -> tensor<?x73x73x8xf32>
  %y = xnn.input "small" : tensor<?x5x5x2xf32>
  // CHECK: xnn.max_pool2d "default" {{.*}} : tensor<?x5x5x2xf32> -> tensor<?x2x2x2xf32>
  %d = xnn.max_pool2d "default" %y : tensor<?x5x5x2xf32> -> tensor<?x2x2x2xf32>
  // 'same' at stride 1 keeps the size.
  // CHECK: xnn.avg_pool2d "same1" {{.*}} -> tensor<?x5x5x2xf32>
  %a = xnn.avg_pool2d "same1" %y {pool_size = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = #xnn.padding<same>} : tensor<?x5x5x2xf32> -> tensor<?x5x5x2xf32>
  // Global pools drop H and W, or keep them as 1 with keepdims.
  // CHECK: xnn.global_avg_pool2d "gap" {{.*}} -> tensor<?x2xf32>
  %g = xnn.global_avg_pool2d "gap" %a : tensor<?x5x5x2xf32> -> tensor<?x2xf32>
  // CHECK: xnn.global_max_pool2d "gmp" {{.*}} -> tensor<?x1x1x2xf32>
  %m = xnn.global_max_pool2d "gmp" %a {keepdims = true} : tensor<?x5x5x2xf32> -> tensor<?x1x1x2xf32>
  xnn.output %g : tensor<?x2xf32>
}

// -----

// Concatenate sums the sizes along its axis (default -1, the channels; negative axes count from the end);
// ZeroPadding2D adds [top, bottom, left, right] (MobileNet's asymmetric 0, 1, 0, 1 turns 224 into 225).
// CHECK-LABEL: xnn.model @merge_and_pad
xnn.model @merge_and_pad {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  %y = xnn.input "in2" : tensor<?x4x4x5xf32>
  // CHECK: xnn.concatenate "channels" {{.*}} -> tensor<?x4x4x8xf32>
  %c = xnn.concatenate "channels" %x, %y : (tensor<?x4x4x3xf32>, tensor<?x4x4x5xf32>) -> tensor<?x4x4x8xf32>
  // CHECK: xnn.concatenate "rows" {{.*}} -> tensor<?x12x4x3xf32>
  %r = xnn.concatenate "rows" %x, %x, %x {axis = -3 : i64} : (tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32>) -> tensor<?x12x4x3xf32>
  %i = xnn.input "image" : tensor<?x224x224x3xf32>
  // CHECK: xnn.zero_padding2d "pad" {{.*}} -> tensor<?x225x225x3xf32>
  %p = xnn.zero_padding2d "pad" %i {padding = array<i64: 0, 1, 0, 1>} : tensor<?x224x224x3xf32> -> tensor<?x225x225x3xf32>
  // The default pads one pixel on every side.
  // CHECK: xnn.zero_padding2d "pad_default" {{.*}} -> tensor<?x6x6x3xf32>
  %q = xnn.zero_padding2d "pad_default" %x : tensor<?x4x4x3xf32> -> tensor<?x6x6x3xf32>
  // CHECK: xnn.zero_padding2d "pad_rect" {{.*}} -> tensor<?x7x9x3xf32>
  %q2 = xnn.zero_padding2d "pad_rect" %x {padding = array<i64: 1, 2, 2, 3>} : tensor<?x4x4x3xf32> -> tensor<?x7x9x3xf32>
  xnn.output %c : tensor<?x4x4x8xf32>
}

// -----

// Flatten merges all non-batch axes (5 * 5 * 8 = 200); Reshape infers its single -1 (200 / (2 * 4) = 25);
// Dense contracts only the last axis, so it applies per position on a rank-3 tensor.
// CHECK-LABEL: xnn.model @reshape_dense
xnn.model @reshape_dense {
  %x = xnn.input "in" : tensor<?x5x5x8xf32>
  // CHECK: xnn.flatten "flatten" {{.*}} -> tensor<?x200xf32>
  %f = xnn.flatten "flatten" %x : tensor<?x5x5x8xf32> -> tensor<?x200xf32>
  // CHECK: xnn.reshape "reshape" {{.*}} -> tensor<?x2x25x4xf32>
  %r = xnn.reshape "reshape" %f {target_shape = array<i64: 2, -1, 4>} : tensor<?x200xf32> -> tensor<?x2x25x4xf32>
  %k = xnn.param "dense", "kernel" : tensor<4x3xf32>
  // CHECK: xnn.dense "dense" {{.*}} -> tensor<?x2x25x3xf32>
  %d = xnn.dense "dense" %r, %k : (tensor<?x2x25x4xf32>, tensor<4x3xf32>) -> tensor<?x2x25x3xf32>
  // Elementwise layers keep the shape.
  // CHECK: xnn.rescaling "rescaling" {{.*}} : tensor<?x2x25x3xf32> -> tensor<?x2x25x3xf32>
  %s = xnn.rescaling "rescaling" %d {scale = 2.0 : f64} : tensor<?x2x25x3xf32> -> tensor<?x2x25x3xf32>
  // CHECK: xnn.dropout "dropout" {{.*}} : tensor<?x2x25x3xf32> -> tensor<?x2x25x3xf32>
  %o = xnn.dropout "dropout" %s {rate = 0.0 : f64} : tensor<?x2x25x3xf32> -> tensor<?x2x25x3xf32>
  xnn.output %o : tensor<?x2x25x3xf32>
}

// -----

// Xception's entry flow and downsampling at 150x150 (the guide's size): block1_conv1 (3x3, stride 2, valid)
// 150 -> 74, block1_conv2 (3x3, valid) 74 -> 72, the 'same' separable convs keep 72, and each block's 3x3
// stride-2 'same' max pool, matched by a 1x1 stride-2 'same' residual conv, halves rounding up:
// 72 -> 36 (block2) -> 18 (block3) -> 9 (block4), then 9 -> 5 (block13), giving the 5x5x2048 features.
// Channel counts are shrunk; the spatial sizes are Xception's.
// CHECK-LABEL: xnn.model @xception_150
xnn.model @xception_150 {
  %x = xnn.input "input_layer" : tensor<?x150x150x3xf32>
  %k1 = xnn.param "block1_conv1", "kernel" : tensor<3x3x3x2xf32>
  // CHECK: "block1_conv1" {{.*}} -> tensor<?x74x74x2xf32>
  %c1 = xnn.conv2d "block1_conv1" %x, %k1 {strides = array<i64: 2, 2>} : (tensor<?x150x150x3xf32>, tensor<3x3x3x2xf32>) -> tensor<?x74x74x2xf32>
  %k2 = xnn.param "block1_conv2", "kernel" : tensor<3x3x2x4xf32>
  // CHECK: "block1_conv2" {{.*}} -> tensor<?x72x72x4xf32>
  %c2 = xnn.conv2d "block1_conv2" %c1, %k2 : (tensor<?x74x74x2xf32>, tensor<3x3x2x4xf32>) -> tensor<?x72x72x4xf32>
  // Block 2: residual 1x1 stride-2 conv next to sepconv + pool; the add proves both branches give 36.
  %rk = xnn.param "conv2d", "kernel" : tensor<1x1x4x4xf32>
  // CHECK: "conv2d" {{.*}} -> tensor<?x36x36x4xf32>
  %res = xnn.conv2d "conv2d" %c2, %rk {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x72x72x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x36x36x4xf32>
  %sd = xnn.param "block2_sepconv1", "depthwise_kernel" : tensor<3x3x4x1xf32>
  %sp = xnn.param "block2_sepconv1", "pointwise_kernel" : tensor<1x1x4x4xf32>
  // CHECK: "block2_sepconv1" {{.*}} -> tensor<?x72x72x4xf32>
  %s = xnn.separable_conv2d "block2_sepconv1" %c2, %sd, %sp {padding = #xnn.padding<same>} : (tensor<?x72x72x4xf32>, tensor<3x3x4x1xf32>, tensor<1x1x4x4xf32>) -> tensor<?x72x72x4xf32>
  // CHECK: "block2_pool" {{.*}} -> tensor<?x36x36x4xf32>
  %p2 = xnn.max_pool2d "block2_pool" %s {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x72x72x4xf32> -> tensor<?x36x36x4xf32>
  // CHECK: "add" {{.*}} -> tensor<?x36x36x4xf32>
  %a2 = xnn.add "add" %p2, %res : (tensor<?x36x36x4xf32>, tensor<?x36x36x4xf32>) -> tensor<?x36x36x4xf32>
  // CHECK: "block3_pool" {{.*}} -> tensor<?x18x18x4xf32>
  %p3 = xnn.max_pool2d "block3_pool" %a2 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x36x36x4xf32> -> tensor<?x18x18x4xf32>
  // CHECK: "block4_pool" {{.*}} -> tensor<?x9x9x4xf32>
  %p4 = xnn.max_pool2d "block4_pool" %p3 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x18x18x4xf32> -> tensor<?x9x9x4xf32>
  // The odd 9 rounds up to 5 (a 'valid' pool would give 4).
  // CHECK: "block13_pool" {{.*}} -> tensor<?x5x5x4xf32>
  %p13 = xnn.max_pool2d "block13_pool" %p4 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x9x9x4xf32> -> tensor<?x5x5x4xf32>
  %r13k = xnn.param "conv2d_3", "kernel" : tensor<1x1x4x4xf32>
  // CHECK: "conv2d_3" {{.*}} -> tensor<?x5x5x4xf32>
  %r13 = xnn.conv2d "conv2d_3" %p4, %r13k {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x9x9x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x5x5x4xf32>
  %a13 = xnn.add "add_11" %p13, %r13 : (tensor<?x5x5x4xf32>, tensor<?x5x5x4xf32>) -> tensor<?x5x5x4xf32>
  xnn.output %a13 : tensor<?x5x5x4xf32>
}

// -----

// The same stages at Keras's default 299x299: 299 -> 149 -> 147, then the 'same' stride-2 stages round up:
// 147 -> 74 -> 37 -> 19, and block13 gives 10 (Xception's 10x10x2048 features).
// CHECK-LABEL: xnn.model @xception_299
xnn.model @xception_299 {
  %x = xnn.input "input_layer" : tensor<?x299x299x3xf32>
  %k1 = xnn.param "block1_conv1", "kernel" : tensor<3x3x3x2xf32>
  // CHECK: "block1_conv1" {{.*}} -> tensor<?x149x149x2xf32>
  %c1 = xnn.conv2d "block1_conv1" %x, %k1 {strides = array<i64: 2, 2>} : (tensor<?x299x299x3xf32>, tensor<3x3x3x2xf32>) -> tensor<?x149x149x2xf32>
  %k2 = xnn.param "block1_conv2", "kernel" : tensor<3x3x2x4xf32>
  // CHECK: "block1_conv2" {{.*}} -> tensor<?x147x147x4xf32>
  %c2 = xnn.conv2d "block1_conv2" %c1, %k2 : (tensor<?x149x149x2xf32>, tensor<3x3x2x4xf32>) -> tensor<?x147x147x4xf32>
  // CHECK: "block2_pool" {{.*}} -> tensor<?x74x74x4xf32>
  %p2 = xnn.max_pool2d "block2_pool" %c2 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x147x147x4xf32> -> tensor<?x74x74x4xf32>
  %rk = xnn.param "conv2d", "kernel" : tensor<1x1x4x4xf32>
  // CHECK: "conv2d" {{.*}} -> tensor<?x74x74x4xf32>
  %res = xnn.conv2d "conv2d" %c2, %rk {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x147x147x4xf32>, tensor<1x1x4x4xf32>) -> tensor<?x74x74x4xf32>
  %a2 = xnn.add "add" %p2, %res : (tensor<?x74x74x4xf32>, tensor<?x74x74x4xf32>) -> tensor<?x74x74x4xf32>
  // CHECK: "block3_pool" {{.*}} -> tensor<?x37x37x4xf32>
  %p3 = xnn.max_pool2d "block3_pool" %a2 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x74x74x4xf32> -> tensor<?x37x37x4xf32>
  // CHECK: "block4_pool" {{.*}} -> tensor<?x19x19x4xf32>
  %p4 = xnn.max_pool2d "block4_pool" %p3 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x37x37x4xf32> -> tensor<?x19x19x4xf32>
  // CHECK: "block13_pool" {{.*}} -> tensor<?x10x10x4xf32>
  %p13 = xnn.max_pool2d "block13_pool" %p4 {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x19x19x4xf32> -> tensor<?x10x10x4xf32>
  xnn.output %p13 : tensor<?x10x10x4xf32>
}

// The checked-in Xception example (generated by `xcc new xception-transfer`) parses under the second RUN line,
// so every declared shape in the full network matches inference; these lines pin its downsampling chain.
// XCEPTION: xnn.conv2d "block1_conv1" {{.*}} -> tensor<?x74x74x32xf32>
// XCEPTION: xnn.conv2d "block1_conv2" {{.*}} -> tensor<?x72x72x64xf32>
// XCEPTION: xnn.max_pool2d "block2_pool" {{.*}} -> tensor<?x36x36x128xf32>
// XCEPTION: xnn.max_pool2d "block3_pool" {{.*}} -> tensor<?x18x18x256xf32>
// XCEPTION: xnn.max_pool2d "block4_pool" {{.*}} -> tensor<?x9x9x728xf32>
// XCEPTION: xnn.max_pool2d "block13_pool" {{.*}} -> tensor<?x5x5x1024xf32>
// XCEPTION: xnn.yield {{.*}} : tensor<?x5x5x2048xf32>
// XCEPTION: xnn.global_avg_pool2d {{.*}} : tensor<?x5x5x2048xf32> -> tensor<?x2048xf32>
