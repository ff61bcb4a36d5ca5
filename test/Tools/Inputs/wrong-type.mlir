// A stride-2 'same' Conv2D on 75 rows declared to give 37 (TensorFlow gives ceil(75 / 2) = 38).
xnn.model @m {
  %x = xnn.input "in" : tensor<?x75x75x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  %y = xnn.conv2d "c" %x, %k {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x75x75x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x37x37x8xf32>
  xnn.output %y : tensor<?x37x37x8xf32>
}
