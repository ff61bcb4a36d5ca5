// A model with two outputs: valid in the dialect, not yet supported by code generation.
xnn.model @two_outputs {
  %in = xnn.input "input_layer" : tensor<?x4xf32>
  %a = xnn.activation "a" %in {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  %b = xnn.activation "b" %in {activation = #xnn.activation<sigmoid>} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %a, %b : tensor<?x4xf32>, tensor<?x4xf32>
}
