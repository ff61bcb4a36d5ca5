// One op kind, all outputs compared with the reference (the flatten exposes every element). Concatenate on channels, zero padding, flatten, reshape with -1, add.
xnn.model @op_structure {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %r = xnn.rescaling "r" %in {scale = 0.5 : f64, offset = -3.0 : f64} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %c = xnn.concatenate "c" %in, %r : (tensor<?x9x8x3xf32>, tensor<?x9x8x3xf32>) -> tensor<?x9x8x6xf32>
  %a = xnn.add "a" %c, %c, %c : (tensor<?x9x8x6xf32>, tensor<?x9x8x6xf32>, tensor<?x9x8x6xf32>) -> tensor<?x9x8x6xf32>
  %z = xnn.zero_padding2d "z" %a {padding = array<i64: 0, 1, 2, 1>} : tensor<?x9x8x6xf32> -> tensor<?x10x11x6xf32>
  %f = xnn.flatten "f" %z : tensor<?x10x11x6xf32> -> tensor<?x660xf32>
  %s = xnn.reshape "s" %f {target_shape = array<i64: 4, -1>} : tensor<?x660xf32> -> tensor<?x4x165xf32>
  %f2 = xnn.flatten "f2" %s : tensor<?x4x165xf32> -> tensor<?x660xf32>
  xnn.output %f2 : tensor<?x660xf32>
}
