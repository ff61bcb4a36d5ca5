// Two layers named "act": Keras requires unique layer names within a model.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %a = xnn.activation "act" %x {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  %b = xnn.activation "act" %a {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %b : tensor<?x4xf32>
}
