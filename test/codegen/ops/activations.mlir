// One op kind, all outputs compared with the reference (the flatten exposes every element). Every activation; softmax over the channels.
xnn.model @op_activations {
  %in = xnn.input "input_layer" : tensor<?x9x8x3xf32>
  %r = xnn.rescaling "r" %in {scale = 0.05 : f64, offset = -6.0 : f64} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %a1 = xnn.activation "a1" %r {activation = #xnn.activation<relu>} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %a2 = xnn.activation "a2" %r {activation = #xnn.activation<relu6>} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %a3 = xnn.activation "a3" %r {activation = #xnn.activation<sigmoid>} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %a4 = xnn.activation "a4" %r {activation = #xnn.activation<softmax>} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %a5 = xnn.activation "a5" %r {activation = #xnn.activation<linear>} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %d = xnn.dropout "d" %a5 {rate = 0.5 : f64} : tensor<?x9x8x3xf32> -> tensor<?x9x8x3xf32>
  %c = xnn.concatenate "c" %a1, %a2, %a3, %a4, %d : (tensor<?x9x8x3xf32>, tensor<?x9x8x3xf32>, tensor<?x9x8x3xf32>, tensor<?x9x8x3xf32>, tensor<?x9x8x3xf32>) -> tensor<?x9x8x15xf32>
  %f = xnn.flatten "f" %c : tensor<?x9x8x15xf32> -> tensor<?x1080xf32>
  xnn.output %f : tensor<?x1080xf32>
}
