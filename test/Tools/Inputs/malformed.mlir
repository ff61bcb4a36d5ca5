// A model whose input line lacks the ':' before its type.
xnn.model @m {
  %x = xnn.input "in" tensor<?x4xf32>
  xnn.output %x : tensor<?x4xf32>
}
