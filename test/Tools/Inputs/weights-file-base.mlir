// A small model whose frozen base kernel comes from a weights file (no initializer), for compile-errors.test:
// the "head" phase freezes "base", so compiling it needs --weights or --random-weights; "fine-tune" trains it, so
// the manifest says its first value comes from the weights file.
xnn.model @wf {
  %in = xnn.input "input_layer" : tensor<?x4x4x3xf32>
  %f = xnn.submodel "base" (%in) {training = false} : (tensor<?x4x4x3xf32>) -> tensor<?x4x4x4xf32> {
  ^bb0(%a: tensor<?x4x4x3xf32>):
    %k = xnn.param "conv1", "kernel" : tensor<3x3x3x4xf32>
    %c = xnn.conv2d "conv1" %a, %k {padding = #xnn.padding<same>} : (tensor<?x4x4x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x4x4x4xf32>
    xnn.yield %c : tensor<?x4x4x4xf32>
  }
  %gap = xnn.global_avg_pool2d "gap" %f : tensor<?x4x4x4xf32> -> tensor<?x4xf32>
  %dk = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform, seed = 1>) : tensor<4x1xf32>
  %logits = xnn.dense "dense" %gap, %dk : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %logits : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<learning_rate = 1.0e-2>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<learning_rate = 1.0e-5>, loss = #xnn.loss<binary_crossentropy, from_logits = true>, metrics = [#xnn.metric<binary_accuracy, threshold = 0.0>]}
}
