// RUN: xcc-opt %s | xcc-opt | FileCheck %s
// RUN: xcc-opt %s --mlir-print-op-generic | xcc-opt | FileCheck %s

// Every op prints in a form that parses back to the same IR: the custom syntax and the generic one must agree,
// and attributes left at their Keras defaults (strides 1, valid padding, linear activation) are elided.

// CHECK-LABEL: xnn.model @every_op
xnn.model @every_op {
  // CHECK: xnn.input "input_layer" : tensor<?x8x8x3xf32>
  %in = xnn.input "input_layer" : tensor<?x8x8x3xf32>
  // CHECK: xnn.rescaling "rescaling" %{{.*}} {offset = -1.000000e+00 : f64, scale = 0.0078431372549019607 : f64}
  %x = xnn.rescaling "rescaling" %in {scale = 0.0078431372549019607 : f64, offset = -1.0 : f64} : tensor<?x8x8x3xf32> -> tensor<?x8x8x3xf32>
  // CHECK: xnn.submodel "base"(%{{.*}}) {trainable = false, training = false} : (tensor<?x8x8x3xf32>) -> tensor<?x8x8x4xf32>
  %f = xnn.submodel "base" (%x) {trainable = false, training = false} : (tensor<?x8x8x3xf32>) -> tensor<?x8x8x4xf32> {
  ^bb0(%a: tensor<?x8x8x3xf32>):
    // CHECK: xnn.param "conv1", "kernel" : tensor<3x3x3x4xf32>
    %k = xnn.param "conv1", "kernel" : tensor<3x3x3x4xf32>
    // CHECK: xnn.conv2d "conv1" %{{.*}}, %{{.*}} {dilation_rate = array<i64: 2, 2>, padding = #xnn.padding<same>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x8x8x4xf32>
    %c = xnn.conv2d "conv1" %a, %k {padding = #xnn.padding<same>, dilation_rate = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<?x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<?x8x8x4xf32>
    // CHECK: xnn.param "bn", "moving_mean" non_trainable : tensor<4xf32>
    %m = xnn.param "bn", "moving_mean" non_trainable : tensor<4xf32>
    %v = xnn.param "bn", "moving_variance" non_trainable : tensor<4xf32>
    // scale=False, center=False: no gamma, no beta.
    // CHECK: xnn.batch_norm "bn" %{{.*}} mean %{{.*}} variance %{{.*}} {training = true}
    %n = xnn.batch_norm "bn" %c mean %m variance %v {training = true} : (tensor<?x8x8x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
    // CHECK: xnn.activation "relu6" %{{.*}} {activation = #xnn.activation<relu6>, class_name = "ReLU"}
    %r = xnn.activation "relu6" %n {activation = #xnn.activation<relu6>, class_name = "ReLU"} : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
    xnn.yield %r : tensor<?x8x8x4xf32>
  }
  // CHECK: xnn.param "dw", "depthwise_kernel" init(#xnn.keras_weight<"conv_dw_1", "depthwise_kernel">) : tensor<3x3x4x2xf32>
  %dk = xnn.param "dw", "depthwise_kernel" init(#xnn.keras_weight<"conv_dw_1", "depthwise_kernel">) : tensor<3x3x4x2xf32>
  // CHECK: xnn.param "dw", "bias" init(#xnn.initializer<zeros>) : tensor<8xf32>
  %db = xnn.param "dw", "bias" init(#xnn.initializer<zeros>) : tensor<8xf32>
  // CHECK: xnn.depthwise_conv2d "dw" %{{.*}}, %{{.*}}, %{{.*}} {activation = #xnn.activation<relu>, strides = array<i64: 2, 2>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x2xf32>, tensor<8xf32>) -> tensor<?x3x3x8xf32>
  %d = xnn.depthwise_conv2d "dw" %f, %dk, %db {strides = array<i64: 2, 2>, activation = #xnn.activation<relu>} : (tensor<?x8x8x4xf32>, tensor<3x3x4x2xf32>, tensor<8xf32>) -> tensor<?x3x3x8xf32>
  %sd = xnn.param "sep", "depthwise_kernel" : tensor<3x3x8x1xf32>
  %sp = xnn.param "sep", "pointwise_kernel" : tensor<1x1x8x6xf32>
  %sb = xnn.param "sep", "bias" : tensor<6xf32>
  // CHECK: xnn.separable_conv2d "sep" {{.*}} {padding = #xnn.padding<same>} : (tensor<?x3x3x8xf32>, tensor<3x3x8x1xf32>, tensor<1x1x8x6xf32>, tensor<6xf32>) -> tensor<?x3x3x6xf32>
  %s = xnn.separable_conv2d "sep" %d, %sd, %sp, %sb {padding = #xnn.padding<same>} : (tensor<?x3x3x8xf32>, tensor<3x3x8x1xf32>, tensor<1x1x8x6xf32>, tensor<6xf32>) -> tensor<?x3x3x6xf32>
  // CHECK: xnn.zero_padding2d "pad" %{{.*}} {padding = array<i64: 0, 1, 0, 1>} : tensor<?x3x3x6xf32> -> tensor<?x4x4x6xf32>
  %z = xnn.zero_padding2d "pad" %s {padding = array<i64: 0, 1, 0, 1>} : tensor<?x3x3x6xf32> -> tensor<?x4x4x6xf32>
  // Pool strides default to the pool size, as in Keras.
  // CHECK: xnn.max_pool2d "mp" %{{.*}} : tensor<?x4x4x6xf32> -> tensor<?x2x2x6xf32>
  %mp = xnn.max_pool2d "mp" %z : tensor<?x4x4x6xf32> -> tensor<?x2x2x6xf32>
  // CHECK: xnn.avg_pool2d "ap" %{{.*}} {padding = #xnn.padding<same>, pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<?x4x4x6xf32> -> tensor<?x2x2x6xf32>
  %ap = xnn.avg_pool2d "ap" %z {pool_size = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = #xnn.padding<same>} : tensor<?x4x4x6xf32> -> tensor<?x2x2x6xf32>
  // CHECK: xnn.add "add" %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32>) -> tensor<?x2x2x6xf32>
  %sum = xnn.add "add" %mp, %ap, %mp : (tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32>) -> tensor<?x2x2x6xf32>
  // CHECK: xnn.concatenate "cat" %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32>) -> tensor<?x4x2x6xf32>
  %cat = xnn.concatenate "cat" %sum, %ap {axis = 1 : i64} : (tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32>) -> tensor<?x4x2x6xf32>
  // CHECK: xnn.global_max_pool2d "gmp" %{{.*}} {keepdims = true} : tensor<?x4x2x6xf32> -> tensor<?x1x1x6xf32>
  %gmp = xnn.global_max_pool2d "gmp" %cat {keepdims = true} : tensor<?x4x2x6xf32> -> tensor<?x1x1x6xf32>
  // CHECK: xnn.global_avg_pool2d "gap" %{{.*}} : tensor<?x4x2x6xf32> -> tensor<?x6xf32>
  %gap = xnn.global_avg_pool2d "gap" %cat : tensor<?x4x2x6xf32> -> tensor<?x6xf32>
  // CHECK: xnn.flatten "flatten" %{{.*}} : tensor<?x1x1x6xf32> -> tensor<?x6xf32>
  %fl = xnn.flatten "flatten" %gmp : tensor<?x1x1x6xf32> -> tensor<?x6xf32>
  // CHECK: xnn.reshape "reshape" %{{.*}} {target_shape = array<i64: 2, -1>} : tensor<?x6xf32> -> tensor<?x2x3xf32>
  %rs = xnn.reshape "reshape" %fl {target_shape = array<i64: 2, -1>} : tensor<?x6xf32> -> tensor<?x2x3xf32>
  %fl2 = xnn.flatten "flatten_1" %rs : tensor<?x2x3xf32> -> tensor<?x6xf32>
  %both = xnn.add "add_1" %fl2, %gap : (tensor<?x6xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
  // CHECK: xnn.activation "sigmoid" %{{.*}} {activation = #xnn.activation<sigmoid>}
  %sg = xnn.activation "sigmoid" %both {activation = #xnn.activation<sigmoid>} : tensor<?x6xf32> -> tensor<?x6xf32>
  // CHECK: xnn.dropout "dropout" %{{.*}} {rate = 2.000000e-01 : f64, seed = 7 : i64, training = false}
  %dr = xnn.dropout "dropout" %sg {rate = 0.2 : f64, seed = 7 : i64, training = false} : tensor<?x6xf32> -> tensor<?x6xf32>
  %k2 = xnn.param "dense", "kernel" init(#xnn.initializer<glorot_uniform, seed = 3>) : tensor<6x3xf32>
  // CHECK: xnn.dense "dense" %{{.*}}, %{{.*}} {activation = #xnn.activation<softmax>, trainable = false} : (tensor<?x6xf32>, tensor<6x3xf32>) -> tensor<?x3xf32>
  %out = xnn.dense "dense" %dr, %k2 {activation = #xnn.activation<softmax>, trainable = false} : (tensor<?x6xf32>, tensor<6x3xf32>) -> tensor<?x3xf32>
  // CHECK: xnn.output %{{.*}} : tensor<?x3xf32>
  xnn.output %out : tensor<?x3xf32>
  // Defaults of Adam and of the metric threshold are elided; other values print in their shortest exact form.
  // CHECK: xnn.phase "head" {loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>, metrics = [#xnn.metric<sparse_categorical_accuracy>, #xnn.metric<accuracy>], optimizer = #xnn.adam<>, set_trainable = {base = false}}
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<learning_rate = 1.0e-3>, loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>, metrics = [#xnn.metric<sparse_categorical_accuracy>, #xnn.metric<accuracy>]}
  // CHECK: xnn.phase "sgd" {loss = #xnn.loss<sparse_categorical_crossentropy>, optimizer = #xnn.sgd<learning_rate = 0.1, momentum = 0.9, nesterov = true>}
  xnn.phase "sgd" {optimizer = #xnn.sgd<learning_rate = 0.1, momentum = 0.9, nesterov = true>, loss = #xnn.loss<sparse_categorical_crossentropy>}
  // CHECK: xnn.phase "fine-tune" {{.*}}optimizer = #xnn.adam<learning_rate = 1.0e-05, beta_1 = 0.8, epsilon = 1.0e-08>
  xnn.phase "fine-tune" {optimizer = #xnn.adam<learning_rate = 1.0e-5, beta_1 = 0.8, epsilon = 1.0e-8>, loss = #xnn.loss<sparse_categorical_crossentropy, from_logits = true>}
}
