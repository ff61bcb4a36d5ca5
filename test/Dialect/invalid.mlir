// RUN: xcc-opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// Every diagnostic of the xnn dialect, one case each: the parser, the attribute verifiers, the op verifiers
// (XnnOps.cpp, XnnModelOps.cpp) and the shape checks of XnnShapes.cpp. A failing shape inference reports our
// reason first and then MLIR's generic "failed to infer returned types" at the same op.
// `--allow-unregistered-dialect` lets a few cases build tensors that no xnn op can produce (dynamic non-batch
// dimensions, rank 0), to reach the shape checks that guard against them.

//===----------------------------------------------------------------------===//
// Syntax
//===----------------------------------------------------------------------===//

// The custom syntax needs ':' before the result type; without it the op cannot be parsed.
xnn.model @m {
  // expected-error@+1 {{expected ':'}}
  %x = xnn.input "in" tensor<?x8xf32>
}

// -----

// xnn has no 3-D convolution; an op the dialect does not define must not be accepted silently.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x8x3xf32>
  // expected-error@+1 {{custom op 'xnn.conv3d' is unknown}}
  %y = xnn.conv3d "c" %x : tensor<?x8x8x8x3xf32> -> tensor<?x8x8x8x3xf32>
  xnn.output %y : tensor<?x8x8x8x3xf32>
}

// -----

// Keras padding is only 'valid' or 'same'; 'full' has no Keras meaning.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+2 {{expected ::xnn::Padding to be one of: valid, same}}
  // expected-error@+1 {{failed to parse Xnn_PaddingAttr parameter 'value'}}
  %y = xnn.max_pool2d "p" %x {padding = #xnn.padding<full>} : tensor<?x4x4x3xf32> -> tensor<?x2x2x3xf32>
  xnn.output %y : tensor<?x2x2x3xf32>
}

//===----------------------------------------------------------------------===//
// xnn.input
//===----------------------------------------------------------------------===//

// -----

// keras.Input leaves the batch dimension open; a fixed batch would tie the artifact to one batch size.
xnn.model @m {
  // expected-error@+1 {{'xnn.input' op input 'in': the batch dimension must be dynamic ('?'), as in keras.Input}}
  %x = xnn.input "in" : tensor<8x8xf32>
  xnn.output %x : tensor<8x8xf32>
}

// -----

// Buffers and kernels are sized at compile time, so every non-batch dimension must be known.
xnn.model @m {
  // expected-error@+1 {{'xnn.input' op input 'in': dimension 1 must be static and > 0}}
  %x = xnn.input "in" : tensor<?x?x8x3xf32>
  xnn.output %x : tensor<?x?x8x3xf32>
}

// -----

// A zero-sized dimension holds no data: no layer could compute anything from it.
xnn.model @m {
  // expected-error@+1 {{'xnn.input' op input 'in': dimension 2 must be static and > 0}}
  %x = xnn.input "in" : tensor<?x8x0xf32>
  xnn.output %x : tensor<?x8x0xf32>
}

// -----

// A rank-1 input would be the batch alone, with no features per sample.
xnn.model @m {
  // expected-error@+1 {{'xnn.input' op input 'in' needs a batch dimension and at least one more}}
  %x = xnn.input "in" : tensor<?xf32>
  xnn.output %x : tensor<?xf32>
}

//===----------------------------------------------------------------------===//
// xnn.param
//===----------------------------------------------------------------------===//

// -----

// A weight is allocated and loaded with a fixed size; a dynamic dimension cannot be read from a weights file.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.param' op parameter 'd/kernel' must have a static, non-empty shape}}
  %k = xnn.param "d", "kernel" : tensor<?x2xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  xnn.output %y : tensor<?x2xf32>
}

// -----

// Weights are attributed to the layer they name (summary counts, weight loading): layer 'e' cannot borrow 'd's kernel.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.param' op parameter 'd/kernel' is used by layer 'e'; a parameter belongs to the layer it names}}
  %k = xnn.param "d", "kernel" : tensor<4x4xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %z = xnn.dense "e" %y, %k : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  xnn.output %z : tensor<?x4xf32>
}

// -----

// A shared layer is one Keras layer object: its second call cannot be declared with another trainable flag.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x4xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  // expected-error@+1 {{'xnn.dense' op 'd_ib-1' calls layer 'd', which is a xnn.dense with trainable = 1; every call of a layer is the same op with the same trainable flag}}
  %z = xnn.dense "d_ib-1" %y, %k {trainable = false, xnn.call_of = "d"} : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  xnn.output %z : tensor<?x4xf32>
}

// -----

// Only a call of the layer a parameter names may use it: 'e_ib-1' calls 'e', not 'd'.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.param' op parameter 'd/kernel' is used by layer 'e_ib-1'; a parameter belongs to the layer it names}}
  %k = xnn.param "d", "kernel" : tensor<4x4xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %z = xnn.dense "e_ib-1" %y, %k {xnn.call_of = "e"} : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  xnn.output %z : tensor<?x4xf32>
}

// -----

// A parameter is only an operand of its layer; returning it as a model output makes it belong to no layer.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.param' op parameter 'd/kernel' is used by 'xnn.output'; a parameter belongs to the layer it names}}
  %k = xnn.param "d", "kernel" : tensor<4x4xf32>
  xnn.output %k : tensor<4x4xf32>
}

//===----------------------------------------------------------------------===//
// xnn.model
//===----------------------------------------------------------------------===//

// -----

// A model without xnn.output computes nothing anyone can read, and training has nothing to take a loss of.
// expected-error@+1 {{'xnn.model' op model 'm' must have exactly one xnn.output}}
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
}

// -----

// Two xnn.output ops would leave the model's outputs (and their order) ambiguous.
// expected-error@+1 {{'xnn.model' op model 'm' must have exactly one xnn.output}}
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  xnn.output %x : tensor<?x4xf32>
  xnn.output %x : tensor<?x4xf32>
}

// -----

// Keras's mixed-precision policies are a closed set; a misspelt one must not silently compile in float32.
// expected-error@+1 {{'xnn.model' op dtype_policy 'mixed_float16' is not one xcc implements (float32, mixed_bfloat16)}}
xnn.model @m attributes {dtype_policy = "mixed_float16"} {
  %x = xnn.input "in" : tensor<?x4xf32>
  xnn.output %x : tensor<?x4xf32>
}

// -----

// A Keras functional model is built from at least one keras.Input; without it there is nothing to feed.
// expected-error@+1 {{'xnn.model' op model 'm' has no xnn.input}}
xnn.model @m {
  %s = "test.source"() : () -> tensor<?x4xf32>
  xnn.output %s : tensor<?x4xf32>
}

// -----

// Keras requires unique layer names in a model; summaries, set_trainable and weights are keyed by them.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %a = xnn.activation "act" %x {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  // expected-error@+1 {{'xnn.activation' op layer name 'act' is already used in this model}}
  %b = xnn.activation "act" %a {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %b : tensor<?x4xf32>
}

// -----

// The input layer shares the namespace of the other layers, as in Keras.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.activation' op layer name 'in' is already used in this model}}
  %a = xnn.activation "in" %x {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %a : tensor<?x4xf32>
}

// -----

// A nested model is a Keras model too: its layer names must be unique within it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %f = xnn.submodel "base" (%x) : (tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %r = xnn.activation "act" %a {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
    // expected-error@+1 {{'xnn.activation' op layer name 'act' is already used in this model (a sub-model)}}
    %s = xnn.activation "act" %r {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
    xnn.yield %s : tensor<?x4xf32>
  }
  xnn.output %f : tensor<?x4xf32>
}

// -----

// Each phase compiles to an artifact named after it; two phases of one name would overwrite each other.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  // expected-error@+1 {{'xnn.phase' op phase 'head' is declared twice}}
  xnn.phase "head" {optimizer = #xnn.sgd<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// set_trainable edits the `trainable` flag of a layer; a name that no layer has is a typo, not a no-op.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op set_trainable names layer 'base', which is not in the model}}
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// `layer.trainable` is a bool in Keras; any other value has no meaning.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op set_trainable['d'] must be true or false}}
  xnn.phase "head" {set_trainable = {d = 1 : i64}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// Nested models have their own namespaces, so 'd' here names two layers: set_trainable cannot tell which one.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %f = xnn.submodel "base" (%x) : (tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %r = xnn.activation "d" %a {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
    xnn.yield %r : tensor<?x4xf32>
  }
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %f, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op set_trainable names layer 'd', which is ambiguous (nested models reuse it)}}
  xnn.phase "head" {set_trainable = {d = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A phase has one loss; with two model outputs it is undefined which output the loss applies to.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y, %y : tensor<?x1xf32>, tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op training phases need a model with exactly one output}}
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// binary_crossentropy compares one logit/probability per sample with a 0/1 label; 3 units do not fit it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x3xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  xnn.output %y : tensor<?x3xf32>
  // expected-error@+1 {{'xnn.phase' op phase 'head': binary_crossentropy needs one output unit, the model has 3}}
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy, from_logits = true>}
}

// -----

// sparse_categorical_crossentropy picks the label's class out of a distribution; one unit is not a distribution.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op phase 'head': sparse_categorical_crossentropy needs >= 2 output units, the model has 1}}
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<sparse_categorical_crossentropy>}
}

// -----

// sparse_categorical_accuracy takes an argmax over classes; with a binary loss there is a single unit.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op phase 'head': metric 'sparse_categorical_accuracy' does not fit loss 'binary_crossentropy'}}
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>, metrics = [#xnn.metric<sparse_categorical_accuracy>]}
}

// -----

// binary_accuracy thresholds one unit; with a categorical loss the output is a class distribution.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x3xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  xnn.output %y : tensor<?x3xf32>
  // expected-error@+1 {{'xnn.phase' op phase 'head': metric 'binary_accuracy' does not fit loss 'sparse_categorical_crossentropy'}}
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<sparse_categorical_crossentropy>, metrics = [#xnn.metric<accuracy>, #xnn.metric<binary_accuracy>]}
}

// -----

// 'inference' always means "nothing trainable, no loss" (xcc summary --phase inference); a model cannot redefine it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op phase name 'inference' is reserved}}
  xnn.phase "inference" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A phase is selected by name (--phase) and names its artifact; an empty name can do neither.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.phase' op phase name must not be empty}}
  xnn.phase "" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

//===----------------------------------------------------------------------===//
// xnn.submodel
//===----------------------------------------------------------------------===//

// -----

// The block arguments are the nested model's inputs: they must have the types of the values passed in.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.submodel' op sub-model 'base': block arguments must match the inputs' types}}
  %f = xnn.submodel "base" (%x) : (tensor<?x4xf32>) -> tensor<?x5xf32> {
  ^bb0(%a: tensor<?x5xf32>):
    xnn.yield %a : tensor<?x5xf32>
  }
  xnn.output %f : tensor<?x5xf32>
}

// -----

// xnn.yield returns the nested model's outputs: their types must be the submodel's result types.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+1 {{'xnn.submodel' op sub-model 'base': xnn.yield types must match the results' types}}
  %f = xnn.submodel "base" (%x) : (tensor<?x4x4x3xf32>) -> tensor<?x3xf32> {
  ^bb0(%a: tensor<?x4x4x3xf32>):
    %g = xnn.global_max_pool2d "gmp" %a {keepdims = true} : tensor<?x4x4x3xf32> -> tensor<?x1x1x3xf32>
    xnn.yield %g : tensor<?x1x1x3xf32>
  }
  xnn.output %f : tensor<?x3xf32>
}

// -----

// Without xnn.yield the nested model has no outputs to hand to the enclosing model.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+1 {{'xnn.submodel' op sub-model 'base' must end with xnn.yield}}
  %f = xnn.submodel "base" (%x) : (tensor<?x4xf32>) -> tensor<?x4xf32> {
  ^bb0(%a: tensor<?x4xf32>):
    %r = xnn.activation "act" %a {activation = #xnn.activation<relu>} : tensor<?x4xf32> -> tensor<?x4xf32>
  }
  xnn.output %f : tensor<?x4xf32>
}

//===----------------------------------------------------------------------===//
// Optimizer attributes (as keras.optimizers validates them)
//===----------------------------------------------------------------------===//

// -----

// A zero learning rate never moves the weights; Keras rejects it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{Adam learning_rate must be > 0, got 0.000000e+00}}
  xnn.phase "head" {optimizer = #xnn.adam<learning_rate = 0.0>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// beta_1 = 1 makes the bias correction 1 - beta_1^t zero: the update divides by zero.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{Adam beta_1 and beta_2 must lie in [0, 1), got 1.000000e+00 and 9.990000e-01}}
  xnn.phase "head" {optimizer = #xnn.adam<beta_1 = 1.0>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A negative beta_2 makes the second-moment average negative and its square root undefined.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{Adam beta_1 and beta_2 must lie in [0, 1), got 9.000000e-01 and -5.000000e-01}}
  xnn.phase "head" {optimizer = #xnn.adam<beta_2 = -0.5>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// epsilon keeps m / (sqrt(v) + epsilon) finite when v is 0; it must be positive.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{Adam epsilon must be > 0, got 0.000000e+00}}
  xnn.phase "head" {optimizer = #xnn.adam<epsilon = 0.0>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A negative learning rate climbs the loss instead of descending it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{SGD learning_rate must be > 0, got -1.000000e-01}}
  xnn.phase "head" {optimizer = #xnn.sgd<learning_rate = -0.1>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// With momentum 1 the velocity never decays, so the steps do not converge; Keras requires [0, 1).
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{SGD momentum must lie in [0, 1), got 1.000000e+00}}
  xnn.phase "head" {optimizer = #xnn.sgd<momentum = 1.0>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A negative momentum flips the sign of past gradients; Keras requires [0, 1).
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x1xf32>
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x1xf32>) -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
  // expected-error@+1 {{SGD momentum must lie in [0, 1), got -5.000000e-01}}
  xnn.phase "head" {optimizer = #xnn.sgd<momentum = -0.5>, loss = #xnn.loss<binary_crossentropy>}
}

//===----------------------------------------------------------------------===//
// Declared result types are checked against the inferred ones
//===----------------------------------------------------------------------===//

// -----

// TensorFlow's 'same' padding gives ceil(75 / 2) = 38 for a stride-2 conv; a declared 37 is wrong.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x75x75x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{'xnn.conv2d' op inferred type(s) 'tensor<?x38x38x8xf32>' are incompatible with return type(s) of operation 'tensor<?x37x37x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x75x75x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x37x37x8xf32>
  xnn.output %y : tensor<?x37x37x8xf32>
}

// -----

// 'valid' keeps only full windows: a 3x3 stride-2 conv on 150 gives floor((150 - 3) / 2) + 1 = 74, not 75.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x150x150x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{'xnn.conv2d' op inferred type(s) 'tensor<?x74x74x8xf32>' are incompatible with return type(s) of operation 'tensor<?x75x75x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {strides = array<i64: 2, 2>} : (tensor<?x150x150x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x75x75x8xf32>
  xnn.output %y : tensor<?x75x75x8xf32>
}

// -----

// An elementwise layer keeps its input's shape; a different declared shape would misdescribe the buffer.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{'xnn.rescaling' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.rescaling "r" %x {scale = 2.0 : f64} : tensor<?x4xf32> -> tensor<?x5xf32>
  xnn.output %y : tensor<?x5xf32>
}

// -----

// The batch dimension stays dynamic through every layer; a layer cannot fix it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x2xf32>
  // expected-error@+2 {{'xnn.dense' op inferred type(s) 'tensor<?x2xf32>' are incompatible with return type(s) of operation 'tensor<1x2xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<1x2xf32>
  xnn.output %y : tensor<1x2xf32>
}

// -----

// A depth multiplier of 2 doubles the channels (3 -> 6); declaring 3 output channels is wrong.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x3x2xf32>
  // expected-error@+2 {{'xnn.depthwise_conv2d' op inferred type(s) 'tensor<?x8x8x6xf32>' are incompatible with return type(s) of operation 'tensor<?x8x8x3xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k {padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x2xf32>) -> tensor<?x8x8x3xf32>
  xnn.output %y : tensor<?x8x8x3xf32>
}

// -----

// A 3x3 stride-2 'same' max pool on 147 gives ceil(147 / 2) = 74 (Xception at 299), not the 'valid' 73.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x147x147x8xf32>
  // expected-error@+2 {{'xnn.max_pool2d' op inferred type(s) 'tensor<?x74x74x8xf32>' are incompatible with return type(s) of operation 'tensor<?x73x73x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.max_pool2d "p" %x {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x147x147x8xf32> -> tensor<?x73x73x8xf32>
  xnn.output %y : tensor<?x73x73x8xf32>
}

// -----

// Dilation widens the window: a 3x3 kernel dilated by 2 spans 5 pixels, so 'valid' on 8 gives 4; 6 ignores the dilation.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x4xf32>
  // expected-error@+2 {{'xnn.conv2d' op inferred type(s) 'tensor<?x4x4x4xf32>' are incompatible with return type(s) of operation 'tensor<?x6x6x4xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {dilation_rate = array<i64: 2, 2>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x6x6x4xf32>
  xnn.output %y : tensor<?x6x6x4xf32>
}

// -----

// Xception's block13 pool is 'same': 9 rounds up to 5, and the floor a 'valid' pool would give (4) is wrong.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x9x9x8xf32>
  // expected-error@+2 {{'xnn.max_pool2d' op inferred type(s) 'tensor<?x5x5x8xf32>' are incompatible with return type(s) of operation 'tensor<?x4x4x8xf32>'}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.max_pool2d "block13_pool" %x {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x9x9x8xf32> -> tensor<?x4x4x8xf32>
  xnn.output %y : tensor<?x4x4x8xf32>
}

//===----------------------------------------------------------------------===//
// xnn.conv2d
//===----------------------------------------------------------------------===//

// -----

// Conv2D works on NHWC images; a rank-2 tensor has no spatial dimensions.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x8x4xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): input must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k : (tensor<?x8xf32>, tensor<3x3x8x4xf32>) -> tensor<?x6x6x4xf32>
  xnn.output %y : tensor<?x6x6x4xf32>
}

// -----

// The output size depends on the input's height and width; they must be known at compile time.
xnn.model @m {
  %in = xnn.input "in" : tensor<?x8x8x3xf32>
  %x = "test.source"() : () -> tensor<?x?x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x4xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): input must have static non-batch dimensions}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k : (tensor<?x?x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x?x6x4xf32>
  xnn.output %y : tensor<?x?x6x4xf32>
}

// -----

// A Conv2D kernel is [kh, kw, cin, cout]; a rank-3 kernel is missing one of them.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): kernel must have 4 dimensions, got 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k : (tensor<?x8x8x3xf32>, tensor<3x3x3xf32>) -> tensor<?x6x6x3xf32>
  xnn.output %y : tensor<?x6x6x3xf32>
}

// -----

// The kernel's input-channel dimension must equal the input's channels (here 4 vs 3), or the dot products misalign.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x4x8xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): kernel expects 4 input channels, the input has 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k : (tensor<?x8x8x3xf32>, tensor<3x3x4x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// The bias adds one value per output channel: 8 channels need a bias of shape [8].
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  %b = xnn.param "c", "bias" : tensor<3xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): bias has shape [3], expected [8]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k, %b : (tensor<?x8x8x3xf32>, tensor<3x3x3x8xf32>, tensor<3xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// Conv2D strides are (height, width); a single value is ambiguous in the IR (the importer expands Keras's int).
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): strides must be two integers >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {strides = array<i64: 2>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x3x3x8xf32>
  xnn.output %y : tensor<?x3x3x8xf32>
}

// -----

// A zero stride never advances the window (and divides by zero in the size formula).
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): strides must be two integers >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {strides = array<i64: 1, 0>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// A dilation of 0 would stack every kernel tap on the same pixel; Keras requires >= 1.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): dilation_rate must be two integers >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {dilation_rate = array<i64: 0, 1>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// Keras rejects strides > 1 together with dilation_rate > 1, and TensorFlow has no kernel for it.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): strides > 1 and dilation_rate > 1 cannot be combined (Keras forbids it)}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {strides = array<i64: 2, 1>, dilation_rate = array<i64: 1, 2>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x4x4x8xf32>
  xnn.output %y : tensor<?x4x4x8xf32>
}

// -----

// With 'valid' padding a 3x3 kernel dilated by 4 spans 9 pixels, more than the 8 available: no output position exists.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "c", "kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{layer 'c' (xnn.conv2d): window of 9 does not fit the input size 8 with 'valid' padding}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.conv2d "c" %x, %k {dilation_rate = array<i64: 4, 4>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x8xf32>) -> tensor<?x0x0x8xf32>
  xnn.output %y : tensor<?x0x0x8xf32>
}

//===----------------------------------------------------------------------===//
// xnn.depthwise_conv2d
//===----------------------------------------------------------------------===//

// -----

// DepthwiseConv2D works on NHWC images; a rank-2 tensor has no spatial dimensions.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x8x1xf32>
  // expected-error@+2 {{layer 'dw' (xnn.depthwise_conv2d): input must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k : (tensor<?x8xf32>, tensor<3x3x8x1xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// The depthwise kernel is [kh, kw, cin, depth_multiplier]; a rank-3 kernel has no multiplier.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x3xf32>
  // expected-error@+2 {{layer 'dw' (xnn.depthwise_conv2d): depthwise_kernel must have 4 dimensions, got 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k : (tensor<?x8x8x3xf32>, tensor<3x3x3xf32>) -> tensor<?x6x6x3xf32>
  xnn.output %y : tensor<?x6x6x3xf32>
}

// -----

// A depthwise kernel has one filter per input channel: 4 filters cannot serve 3 channels.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x4x1xf32>
  // expected-error@+2 {{layer 'dw' (xnn.depthwise_conv2d): depthwise_kernel expects 4 channels, the input has 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k : (tensor<?x8x8x3xf32>, tensor<3x3x4x1xf32>) -> tensor<?x6x6x4xf32>
  xnn.output %y : tensor<?x6x6x4xf32>
}

// -----

// The bias covers the cin * depth_multiplier = 6 output channels, not the 3 input ones.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x3x2xf32>
  %b = xnn.param "dw", "bias" : tensor<3xf32>
  // expected-error@+2 {{layer 'dw' (xnn.depthwise_conv2d): bias has shape [3], expected [6]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k, %b : (tensor<?x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<3xf32>) -> tensor<?x6x6x6xf32>
  xnn.output %y : tensor<?x6x6x6xf32>
}

// -----

// Keras rejects strides > 1 together with dilation_rate > 1 for depthwise convolutions too.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<3x3x3x1xf32>
  // expected-error@+2 {{layer 'dw' (xnn.depthwise_conv2d): strides > 1 and dilation_rate > 1 cannot be combined}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k {strides = array<i64: 2, 2>, dilation_rate = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x1xf32>) -> tensor<?x4x4x3xf32>
  xnn.output %y : tensor<?x4x4x3xf32>
}

// -----

// A 5x5 'valid' window does not fit a 4x4 image.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  %k = xnn.param "dw", "depthwise_kernel" : tensor<5x5x3x1xf32>
  // expected-error@+2 {{layer 'dw' (xnn.depthwise_conv2d): window of 5 does not fit the input size 4 with 'valid' padding}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.depthwise_conv2d "dw" %x, %k : (tensor<?x4x4x3xf32>, tensor<5x5x3x1xf32>) -> tensor<?x1x1x3xf32>
  xnn.output %y : tensor<?x1x1x3xf32>
}

//===----------------------------------------------------------------------===//
// xnn.separable_conv2d
//===----------------------------------------------------------------------===//

// -----

// The depthwise stage has one filter per input channel: 4 filters cannot serve 3 channels.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %dw = xnn.param "s", "depthwise_kernel" : tensor<3x3x4x1xf32>
  %pw = xnn.param "s", "pointwise_kernel" : tensor<1x1x4x8xf32>
  // expected-error@+2 {{layer 's' (xnn.separable_conv2d): depthwise_kernel expects 4 channels, the input has 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.separable_conv2d "s" %x, %dw, %pw : (tensor<?x8x8x3xf32>, tensor<3x3x4x1xf32>, tensor<1x1x4x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// The pointwise stage reads the cin * depth_multiplier = 6 depthwise outputs, not 3.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %dw = xnn.param "s", "depthwise_kernel" : tensor<3x3x3x2xf32>
  %pw = xnn.param "s", "pointwise_kernel" : tensor<1x1x3x8xf32>
  // expected-error@+2 {{layer 's' (xnn.separable_conv2d): pointwise_kernel has shape [1, 1, 3, 8], expected [1, 1, 6, 8]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.separable_conv2d "s" %x, %dw, %pw : (tensor<?x8x8x3xf32>, tensor<3x3x3x2xf32>, tensor<1x1x3x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// The pointwise stage is a 1x1 convolution; a 3x3 pointwise kernel is not SeparableConv2D.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %dw = xnn.param "s", "depthwise_kernel" : tensor<3x3x3x1xf32>
  %pw = xnn.param "s", "pointwise_kernel" : tensor<3x3x3x8xf32>
  // expected-error@+2 {{layer 's' (xnn.separable_conv2d): pointwise_kernel has shape [3, 3, 3, 8], expected [1, 1, 3, 8]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.separable_conv2d "s" %x, %dw, %pw : (tensor<?x8x8x3xf32>, tensor<3x3x3x1xf32>, tensor<3x3x3x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// The pointwise kernel is [1, 1, cin * m, cout]; a rank-2 matrix drops the 1x1 window.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %dw = xnn.param "s", "depthwise_kernel" : tensor<3x3x3x1xf32>
  %pw = xnn.param "s", "pointwise_kernel" : tensor<3x8xf32>
  // expected-error@+2 {{layer 's' (xnn.separable_conv2d): pointwise_kernel must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.separable_conv2d "s" %x, %dw, %pw : (tensor<?x8x8x3xf32>, tensor<3x3x3x1xf32>, tensor<3x8xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// The bias is added after the pointwise stage, so it has cout = 8 entries, not the 3 depthwise channels.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x3xf32>
  %dw = xnn.param "s", "depthwise_kernel" : tensor<3x3x3x1xf32>
  %pw = xnn.param "s", "pointwise_kernel" : tensor<1x1x3x8xf32>
  %b = xnn.param "s", "bias" : tensor<3xf32>
  // expected-error@+2 {{layer 's' (xnn.separable_conv2d): bias has shape [3], expected [8]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.separable_conv2d "s" %x, %dw, %pw, %b : (tensor<?x8x8x3xf32>, tensor<3x3x3x1xf32>, tensor<1x1x3x8xf32>, tensor<3xf32>) -> tensor<?x6x6x8xf32>
  xnn.output %y : tensor<?x6x6x8xf32>
}

// -----

// A 3x3 'valid' window does not fit a 2-pixel-high image.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x8x3xf32>
  %dw = xnn.param "s", "depthwise_kernel" : tensor<3x3x3x1xf32>
  %pw = xnn.param "s", "pointwise_kernel" : tensor<1x1x3x8xf32>
  // expected-error@+2 {{layer 's' (xnn.separable_conv2d): window of 3 does not fit the input size 2 with 'valid' padding}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.separable_conv2d "s" %x, %dw, %pw : (tensor<?x2x8x3xf32>, tensor<3x3x3x1xf32>, tensor<1x1x3x8xf32>) -> tensor<?x1x6x8xf32>
  xnn.output %y : tensor<?x1x6x8xf32>
}

//===----------------------------------------------------------------------===//
// xnn.batch_norm
//===----------------------------------------------------------------------===//

// -----

// BatchNormalization normalizes per channel over the batch; a rank-1 tensor (batch only) has no channel axis.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x1xf32>
  %r = xnn.reshape "r" %x {target_shape = array<i64>} : tensor<?x1xf32> -> tensor<?xf32>
  %m = xnn.param "bn", "moving_mean" : tensor<1xf32>
  %v = xnn.param "bn", "moving_variance" : tensor<1xf32>
  // expected-error@+2 {{layer 'bn' (xnn.batch_norm): input must have at least 2 dimensions, got 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.batch_norm "bn" %r mean %m variance %v : (tensor<?xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?xf32>
  xnn.output %y : tensor<?xf32>
}

// -----

// gamma scales each of the 4 channels: it needs 4 entries.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x4xf32>
  %g = xnn.param "bn", "gamma" : tensor<3xf32>
  %m = xnn.param "bn", "moving_mean" : tensor<4xf32>
  %v = xnn.param "bn", "moving_variance" : tensor<4xf32>
  // expected-error@+2 {{layer 'bn' (xnn.batch_norm): gamma has shape [3], expected [4]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.batch_norm "bn" %x gamma %g mean %m variance %v : (tensor<?x8x8x4xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  xnn.output %y : tensor<?x8x8x4xf32>
}

// -----

// beta shifts each of the 4 channels: it needs 4 entries.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x4xf32>
  %b = xnn.param "bn", "beta" : tensor<4x1xf32>
  %m = xnn.param "bn", "moving_mean" : tensor<4xf32>
  %v = xnn.param "bn", "moving_variance" : tensor<4xf32>
  // expected-error@+2 {{layer 'bn' (xnn.batch_norm): beta has shape [4, 1], expected [4]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.batch_norm "bn" %x beta %b mean %m variance %v : (tensor<?x8x8x4xf32>, tensor<4x1xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  xnn.output %y : tensor<?x8x8x4xf32>
}

// -----

// The moving mean is one statistic per channel: 4 channels need 4 entries.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x4xf32>
  %m = xnn.param "bn", "moving_mean" : tensor<8xf32>
  %v = xnn.param "bn", "moving_variance" : tensor<4xf32>
  // expected-error@+2 {{layer 'bn' (xnn.batch_norm): moving_mean has shape [8], expected [4]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.batch_norm "bn" %x mean %m variance %v : (tensor<?x8x8x4xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  xnn.output %y : tensor<?x8x8x4xf32>
}

// -----

// The moving variance is one statistic per channel: 4 channels need 4 entries.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x4xf32>
  %m = xnn.param "bn", "moving_mean" : tensor<4xf32>
  %v = xnn.param "bn", "moving_variance" : tensor<1xf32>
  // expected-error@+2 {{layer 'bn' (xnn.batch_norm): moving_variance has shape [1], expected [4]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.batch_norm "bn" %x mean %m variance %v : (tensor<?x8x8x4xf32>, tensor<4xf32>, tensor<1xf32>) -> tensor<?x8x8x4xf32>
  xnn.output %y : tensor<?x8x8x4xf32>
}

// -----

// epsilon keeps 1 / sqrt(variance + epsilon) finite for a constant channel; 0 allows a division by zero.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x8x8x4xf32>
  %m = xnn.param "bn", "moving_mean" : tensor<4xf32>
  %v = xnn.param "bn", "moving_variance" : tensor<4xf32>
  // expected-error@+2 {{layer 'bn' (xnn.batch_norm): epsilon must be > 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.batch_norm "bn" %x mean %m variance %v {epsilon = 0.0 : f64} : (tensor<?x8x8x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  xnn.output %y : tensor<?x8x8x4xf32>
}

//===----------------------------------------------------------------------===//
// xnn.dropout
//===----------------------------------------------------------------------===//

// -----

// rate 1 drops everything and scales by 1 / (1 - rate) = inf; Keras requires 0 <= rate < 1.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'd' (xnn.dropout): rate must lie in [0, 1), got 1.000000}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dropout "d" %x {rate = 1.0 : f64} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

// -----

// A negative drop probability is meaningless; Keras requires 0 <= rate < 1.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'd' (xnn.dropout): rate must lie in [0, 1), got -0.100000}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dropout "d" %x {rate = -0.1 : f64} : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

//===----------------------------------------------------------------------===//
// xnn.max_pool2d / xnn.avg_pool2d
//===----------------------------------------------------------------------===//

// -----

// MaxPooling2D pools over height and width; a rank-2 tensor has neither.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'p' (xnn.max_pool2d): input must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.max_pool2d "p" %x : tensor<?x4xf32> -> tensor<?x2xf32>
  xnn.output %y : tensor<?x2xf32>
}

// -----

// pool_size is (height, width); one value is ambiguous in the IR.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+2 {{layer 'p' (xnn.max_pool2d): pool_size must be two integers >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.max_pool2d "p" %x {pool_size = array<i64: 2>} : tensor<?x4x4x3xf32> -> tensor<?x2x2x3xf32>
  xnn.output %y : tensor<?x2x2x3xf32>
}

// -----

// An empty (0-wide) pooling window has no maximum / mean.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+2 {{layer 'p' (xnn.avg_pool2d): pool_size must be two integers >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.avg_pool2d "p" %x {pool_size = array<i64: 0, 2>, strides = array<i64: 1, 1>} : tensor<?x4x4x3xf32> -> tensor<?x4x3x3xf32>
  xnn.output %y : tensor<?x4x3x3xf32>
}

// -----

// A zero pool stride never advances the window.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+2 {{layer 'p' (xnn.avg_pool2d): strides must be two integers >= 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.avg_pool2d "p" %x {strides = array<i64: 0, 0>} : tensor<?x4x4x3xf32> -> tensor<?x2x2x3xf32>
  xnn.output %y : tensor<?x2x2x3xf32>
}

// -----

// A 3x3 'valid' pool does not fit a 2x2 image (the default padding is 'valid', as in Keras).
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  // expected-error@+2 {{layer 'p' (xnn.max_pool2d): window of 3 does not fit the input size 2 with 'valid' padding}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.max_pool2d "p" %x {pool_size = array<i64: 3, 3>} : tensor<?x2x2x3xf32> -> tensor<?x1x1x3xf32>
  xnn.output %y : tensor<?x1x1x3xf32>
}

// -----

// AveragePooling2D pools over height and width; a rank-3 tensor lacks the channel axis of NHWC.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4xf32>
  // expected-error@+2 {{layer 'p' (xnn.avg_pool2d): input must have 4 dimensions, got 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.avg_pool2d "p" %x : tensor<?x4x4xf32> -> tensor<?x2x2xf32>
  xnn.output %y : tensor<?x2x2xf32>
}

//===----------------------------------------------------------------------===//
// xnn.global_avg_pool2d / xnn.global_max_pool2d
//===----------------------------------------------------------------------===//

// -----

// GlobalAveragePooling2D averages over H and W of an NHWC tensor; a rank-2 tensor is already pooled.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'gap' (xnn.global_avg_pool2d): input must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.global_avg_pool2d "gap" %x : tensor<?x4xf32> -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

// -----

// GlobalMaxPooling2D takes the max over H and W of an NHWC tensor; a rank-3 tensor is not NHWC.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4xf32>
  // expected-error@+2 {{layer 'gmp' (xnn.global_max_pool2d): input must have 4 dimensions, got 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.global_max_pool2d "gmp" %x : tensor<?x4x4xf32> -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

//===----------------------------------------------------------------------===//
// xnn.add
//===----------------------------------------------------------------------===//

// -----

// Keras's Add is a merge layer: it needs at least two tensors to sum.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'add' (xnn.add): needs at least 2 inputs, got 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.add "add" %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

// -----

// Add is elementwise without broadcasting: [?, 4] and [?, 2] have no common shape.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x2xf32>
  %d = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  // expected-error@+2 {{layer 'add' (xnn.add): input 1 has shape [?, 2], input 0 has [?, 4]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.add "add" %x, %d : (tensor<?x4xf32>, tensor<?x2xf32>) -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

//===----------------------------------------------------------------------===//
// xnn.concatenate
//===----------------------------------------------------------------------===//

// -----

// Keras's Concatenate is a merge layer: it needs at least two tensors.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): needs at least 2 inputs, got 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

// -----

// Concatenating along the batch axis would mix samples; the batch size must stay that of the input.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): axis 0 must name a non-batch axis of a rank-2 input}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %x {axis = 0 : i64} : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  xnn.output %y : tensor<?x4xf32>
}

// -----

// A rank-4 tensor has axes 0..3 (or -4..-1); axis 4 does not exist.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): axis 4 must name a non-batch axis of a rank-4 input}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %x {axis = 4 : i64} : (tensor<?x2x2x3xf32>, tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32>
  xnn.output %y : tensor<?x2x2x6xf32>
}

// -----

// A negative axis counts from the end: -4 on a rank-4 tensor is the batch axis, which cannot be concatenated.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): axis -4 must name a non-batch axis of a rank-4 input}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %x {axis = -4 : i64} : (tensor<?x2x2x3xf32>, tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32>
  xnn.output %y : tensor<?x2x2x6xf32>
}

// -----

// -5 is out of range for a rank-4 tensor.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): axis -5 must name a non-batch axis of a rank-4 input}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %x {axis = -5 : i64} : (tensor<?x2x2x3xf32>, tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32>
  xnn.output %y : tensor<?x2x2x6xf32>
}

// -----

// Concatenated tensors must have one rank: a rank-2 tensor cannot be joined to a rank-4 one.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  %g = xnn.global_avg_pool2d "gap" %x : tensor<?x2x2x3xf32> -> tensor<?x3xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): input 1 must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %g : (tensor<?x2x2x3xf32>, tensor<?x3xf32>) -> tensor<?x2x2x6xf32>
  xnn.output %y : tensor<?x2x2x6xf32>
}

// -----

// Outside the concatenation axis the shapes must agree: 2x2 and 1x1 feature maps cannot be stacked on channels.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  %g = xnn.global_max_pool2d "gmp" %x {keepdims = true} : tensor<?x2x2x3xf32> -> tensor<?x1x1x3xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): input 1 has shape [?, 1, 1, 3], which differs from input 0 outside axis 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %g : (tensor<?x2x2x3xf32>, tensor<?x1x1x3xf32>) -> tensor<?x2x2x6xf32>
  xnn.output %y : tensor<?x2x2x6xf32>
}

// -----

// The output size along the axis is the sum of the inputs' sizes, so each must be known.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x2x2x3xf32>
  %s = "test.source"() : () -> tensor<?x2x2x?xf32>
  // expected-error@+2 {{layer 'cat' (xnn.concatenate): input 1 must have static non-batch dimensions}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.concatenate "cat" %x, %s : (tensor<?x2x2x3xf32>, tensor<?x2x2x?xf32>) -> tensor<?x2x2x?xf32>
  xnn.output %y : tensor<?x2x2x?xf32>
}

//===----------------------------------------------------------------------===//
// xnn.zero_padding2d
//===----------------------------------------------------------------------===//

// -----

// ZeroPadding2D pads height and width of NHWC; a rank-2 tensor has neither.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  // expected-error@+2 {{layer 'pad' (xnn.zero_padding2d): input must have 4 dimensions, got 2}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.zero_padding2d "pad" %x : tensor<?x4xf32> -> tensor<?x6xf32>
  xnn.output %y : tensor<?x6xf32>
}

// -----

// Padding adds rows and columns; a negative amount would crop, which is Cropping2D's job, not ZeroPadding2D's.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+2 {{layer 'pad' (xnn.zero_padding2d): padding must be four integers >= 0: [top, bottom, left, right]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.zero_padding2d "pad" %x {padding = array<i64: 0, -1, 0, 1>} : tensor<?x4x4x3xf32> -> tensor<?x3x5x3xf32>
  xnn.output %y : tensor<?x3x5x3xf32>
}

// -----

// The IR spells out all four sides; three values leave one side undefined.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4x4x3xf32>
  // expected-error@+2 {{layer 'pad' (xnn.zero_padding2d): padding must be four integers >= 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.zero_padding2d "pad" %x {padding = array<i64: 1, 1, 1>} : tensor<?x4x4x3xf32> -> tensor<?x6x6x3xf32>
  xnn.output %y : tensor<?x6x6x3xf32>
}

//===----------------------------------------------------------------------===//
// xnn.flatten / xnn.reshape
//===----------------------------------------------------------------------===//

// -----

// Flatten keeps the batch axis and merges the rest; a rank-1 tensor has nothing to merge.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x1xf32>
  %r = xnn.reshape "r" %x {target_shape = array<i64>} : tensor<?x1xf32> -> tensor<?xf32>
  // expected-error@+2 {{layer 'f' (xnn.flatten): input must have at least 2 dimensions, got 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.flatten "f" %r : tensor<?xf32> -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
}

// -----

// Reshape keeps the batch axis; a rank-0 tensor has none.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x1xf32>
  %s = "test.source"() : () -> tensor<f32>
  // expected-error@+2 {{layer 'r' (xnn.reshape): input must have at least 1 dimensions, got 0}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.reshape "r" %s {target_shape = array<i64: 1>} : tensor<f32> -> tensor<?x1xf32>
  xnn.output %y : tensor<?x1xf32>
}

// -----

// Keras allows one -1 in target_shape; with two, the split of the remaining size is not determined.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x12xf32>
  // expected-error@+2 {{layer 'r' (xnn.reshape): target_shape entries must be > 0, with at most one -1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.reshape "r" %x {target_shape = array<i64: -1, -1>} : tensor<?x12xf32> -> tensor<?x3x4xf32>
  xnn.output %y : tensor<?x3x4xf32>
}

// -----

// A zero-sized target dimension cannot hold the 12 elements of each sample.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x12xf32>
  // expected-error@+2 {{layer 'r' (xnn.reshape): target_shape entries must be > 0, with at most one -1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.reshape "r" %x {target_shape = array<i64: 0, 12>} : tensor<?x12xf32> -> tensor<?x0x12xf32>
  xnn.output %y : tensor<?x0x12xf32>
}

// -----

// Reshape cannot add or drop data: 12 elements per sample do not fill a 5x3 target.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x12xf32>
  // expected-error@+2 {{layer 'r' (xnn.reshape): cannot reshape 12 elements per sample into target_shape [5, 3]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.reshape "r" %x {target_shape = array<i64: 5, 3>} : tensor<?x12xf32> -> tensor<?x5x3xf32>
  xnn.output %y : tensor<?x5x3xf32>
}

// -----

// The -1 entry must come out whole: 12 elements do not split into rows of 5.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x12xf32>
  // expected-error@+2 {{layer 'r' (xnn.reshape): cannot reshape 12 elements per sample into target_shape [-1, 5]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.reshape "r" %x {target_shape = array<i64: -1, 5>} : tensor<?x12xf32> -> tensor<?x2x5xf32>
  xnn.output %y : tensor<?x2x5xf32>
}

//===----------------------------------------------------------------------===//
// xnn.dense
//===----------------------------------------------------------------------===//

// -----

// Dense contracts the last axis with the kernel's rows: a [5, 2] kernel cannot take 4 features.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<5x2xf32>
  // expected-error@+2 {{layer 'd' (xnn.dense): kernel expects 5 input features, the input has 4}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<5x2xf32>) -> tensor<?x2xf32>
  xnn.output %y : tensor<?x2xf32>
}

// -----

// A Dense kernel is a [in, out] matrix; a rank-3 kernel is not.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x2x1xf32>
  // expected-error@+2 {{layer 'd' (xnn.dense): kernel must have 2 dimensions, got 3}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dense "d" %x, %k : (tensor<?x4xf32>, tensor<4x2x1xf32>) -> tensor<?x2xf32>
  xnn.output %y : tensor<?x2xf32>
}

// -----

// Dense needs a feature axis besides the batch; a rank-1 tensor has none.
xnn.model @m {
  %x = xnn.input "in" : tensor<?x1xf32>
  %r = xnn.reshape "r" %x {target_shape = array<i64>} : tensor<?x1xf32> -> tensor<?xf32>
  %k = xnn.param "d", "kernel" : tensor<1x2xf32>
  // expected-error@+2 {{layer 'd' (xnn.dense): input must have at least 2 dimensions, got 1}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dense "d" %r, %k : (tensor<?xf32>, tensor<1x2xf32>) -> tensor<?x2xf32>
  xnn.output %y : tensor<?x2xf32>
}

// -----

// The bias adds one value per output unit: 2 units need a bias of shape [2].
xnn.model @m {
  %x = xnn.input "in" : tensor<?x4xf32>
  %k = xnn.param "d", "kernel" : tensor<4x2xf32>
  %b = xnn.param "d", "bias" : tensor<4xf32>
  // expected-error@+2 {{layer 'd' (xnn.dense): bias has shape [4], expected [2]}}
  // expected-error@+1 {{failed to infer returned types}}
  %y = xnn.dense "d" %x, %k, %b : (tensor<?x4xf32>, tensor<4x2xf32>, tensor<4xf32>) -> tensor<?x2xf32>
  xnn.output %y : tensor<?x2xf32>
}

// -----

// A misspelt Keras option must not be dropped silently: MLIR would keep `stride` as a discardable attribute and
// the conv would run with stride 1.
xnn.model @unknown_attribute {
  %in = xnn.input "input_layer" : tensor<?x8x8x3xf32>
  %k = xnn.param "conv", "kernel" : tensor<3x3x3x4xf32>
  // expected-error@+1 {{'xnn.conv2d' op has no attribute 'stride'; its attributes are: activation, dilation_rate, layer, padding, strides, trainable}}
  %c = xnn.conv2d "conv" %in, %k {stride = array<i64: 2, 2>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x6x6x4xf32>
  xnn.output %c : tensor<?x6x6x4xf32>
}

// -----

// A train step's loss is one number per batch: anything else cannot be differentiated from a seed of 1.
xnn.model @loss_not_scalar {
  %in = xnn.input "input_layer" : tensor<?x1xf32>
  %y = xnn.labels : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.loss' op the loss is a scalar: tensor<f32>}}
  %l = xnn.loss %in, %y {loss = #xnn.loss<binary_crossentropy, from_logits = true>} : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<1xf32>
  xnn.output %in : tensor<?x1xf32>
}

// -----

// A gradient must name the op it differentiates: code generation reads the forward op's attributes from it.
xnn.model @vjp_wrong_forward {
  %in = xnn.input "input_layer" : tensor<?x2xf32>
  %k = xnn.param "dense", "kernel" : tensor<2x1xf32>
  %d = xnn.dense "dense" %in, %k : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  %dy = xnn.activation "act" %d {activation = #xnn.activation<relu>} : tensor<?x1xf32> -> tensor<?x1xf32>
  // expected-error@+1 {{'xnn.vjp' op 'forward' must be the result of the 'xnn.conv2d' it differentiates}}
  %g = xnn.vjp "dense" "xnn.conv2d" wrt "kernel" of %d (%in, %k) upstream %dy {wrt_index = 1 : i64} : (tensor<?x1xf32>, tensor<?x2xf32>, tensor<2x1xf32>, tensor<?x1xf32>) -> tensor<2x1xf32>
  xnn.output %d : tensor<?x1xf32>
}

// -----

// Only a trainable parameter can be updated: a constant (frozen weight) is baked into the code.
xnn.model @update_constant {
  %in = xnn.input "input_layer" : tensor<?x2xf32>
  %k = xnn.constant "dense", "kernel" dense<1.0> : tensor<2x1xf32>
  %d = xnn.dense "dense" %in, %k : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  // expected-error@+1 {{'xnn.apply_gradient' op updates only trainable parameters}}
  xnn.apply_gradient %k, %k : tensor<2x1xf32>
  xnn.output %d : tensor<?x1xf32>
}
