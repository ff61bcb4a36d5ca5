// mixed_bfloat16 Dense layers alone, as Keras computes them (bf16 operands, float32 accumulation), so that an
// output within 1e-5 of float32 would show that they did not: 64 -> 48 units fills whole vectors (on bf16 dot
// products, pairs of features inside the vector of units), 48 -> 40 does not (its last vector is partial; on AMX
// its 40 columns are padded to 48 and its K of 48 to 64), and the logits come out in float32.
xnn.model @mixed_dense attributes {dtype_policy = "mixed_bfloat16"} {
  %in = xnn.input "input_layer" : tensor<?x64xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x64xf32> -> tensor<?x64xf32>
  %k1 = xnn.param "hidden", "kernel" : tensor<64x48xf32>
  %b1 = xnn.param "hidden", "bias" : tensor<48xf32>
  %h = xnn.dense "hidden" %x, %k1, %b1 {activation = #xnn.activation<relu>} : (tensor<?x64xf32>, tensor<64x48xf32>, tensor<48xf32>) -> tensor<?x48xf32>
  %k2 = xnn.param "logits", "kernel" : tensor<48x40xf32>
  %b2 = xnn.param "logits", "bias" : tensor<40xf32>
  %y = xnn.dense "logits" %h, %k2, %b2 : (tensor<?x48xf32>, tensor<48x40xf32>, tensor<40xf32>) -> tensor<?x40xf32>
  xnn.output %y : tensor<?x40xf32>
}
