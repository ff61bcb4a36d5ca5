// Two valid models in one file: `xcc summary` would not know which one to summarize.
xnn.model @first {
  %x = xnn.input "in" : tensor<?x4xf32>
  xnn.output %x : tensor<?x4xf32>
}
xnn.model @second {
  %x = xnn.input "in" : tensor<?x4xf32>
  xnn.output %x : tensor<?x4xf32>
}
