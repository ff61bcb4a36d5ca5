// mixed_bfloat16 Dense layers alone, as Keras computes them (bf16 operands, float32 accumulation), so that an
// output within 1e-5 of float32 would show that they did not. 64 -> 300 units: on AMX more than one panel of
// 256 columns (the schedule's parallel panel order, its last panel shifted inwards), on bf16 dot products a last
// vector that the units do not fill. 300 -> 40: a K of 300 padded to 320 on tiles, 40 columns padded to 48; the
// logits come out in float32. (The train step's hidden Dense(48) fills whole vectors: mixed/train.mlir.)
xnn.model @mixed_dense attributes {dtype_policy = "mixed_bfloat16"} {
  %in = xnn.input "input_layer" : tensor<?x64xf32>
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x64xf32> -> tensor<?x64xf32>
  %k1 = xnn.param "hidden", "kernel" : tensor<64x300xf32>
  %b1 = xnn.param "hidden", "bias" : tensor<300xf32>
  %h = xnn.dense "hidden" %x, %k1, %b1 {activation = #xnn.activation<relu>} : (tensor<?x64xf32>, tensor<64x300xf32>, tensor<300xf32>) -> tensor<?x300xf32>
  %k2 = xnn.param "logits", "kernel" : tensor<300x40xf32>
  %b2 = xnn.param "logits", "bias" : tensor<40xf32>
  %y = xnn.dense "logits" %h, %k2, %b2 : (tensor<?x300xf32>, tensor<300x40xf32>, tensor<40xf32>) -> tensor<?x40xf32>
  xnn.output %y : tensor<?x40xf32>
}
