// RUN: xcc-opt %s --split-input-file --xcc-apply-phase=phase=head | FileCheck %s --check-prefix=HEAD
// RUN: xcc-opt %s --split-input-file --xcc-apply-phase=phase=fine-tune | FileCheck %s --check-prefix=FT
// RUN: xcc-opt %s --split-input-file --xcc-apply-phase=phase=inference | FileCheck %s --check-prefix=INF

// Every case declares the guide's two phases ("head": base frozen, "fine-tune": base unfrozen), so each RUN line
// compiles the whole file for one phase; a case checks only the phase whose behaviour it is about.
// The unknown-phase diagnostic is in apply-phase-invalid.mlir.

// Head phase: `base.trainable = False` reaches every parameter inside the base (they become `frozen`), while
// the new head's Dense keeps training.
// HEAD-LABEL: xnn.model @head_freezes_base
//       HEAD:   xnn.param "conv", "kernel" frozen : tensor<1x1xf32>
//       HEAD:   xnn.param "dense", "kernel" init(#xnn.initializer<ones>) : tensor<1x1xf32>
xnn.model @head_freezes_base {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %k = xnn.param "conv", "kernel" : tensor<1x1xf32>
    %y = xnn.dense "conv" %a, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
    xnn.yield %y : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" init(#xnn.initializer<ones>) : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// Fine-tune phase: `base.trainable = True` unfreezes the base's kernel, gamma and beta, but BN's moving mean and
// variance are created non-trainable in Keras and never train, so they stay frozen.
// FT-LABEL: xnn.model @fine_tune_keeps_moving_stats_frozen
//       FT:   xnn.param "conv", "kernel" : tensor<1x1xf32>
//       FT:   xnn.param "bn", "gamma" : tensor<1xf32>
//       FT:   xnn.param "bn", "beta" : tensor<1xf32>
//       FT:   xnn.param "bn", "moving_mean" non_trainable frozen : tensor<1xf32>
//       FT:   xnn.param "bn", "moving_variance" non_trainable frozen : tensor<1xf32>
xnn.model @fine_tune_keeps_moving_stats_frozen {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {trainable = false, training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %k = xnn.param "conv", "kernel" : tensor<1x1xf32>
    %y = xnn.dense "conv" %a, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
    %g = xnn.param "bn", "gamma" : tensor<1xf32>
    %b = xnn.param "bn", "beta" : tensor<1xf32>
    %m = xnn.param "bn", "moving_mean" non_trainable : tensor<1xf32>
    %v = xnn.param "bn", "moving_variance" non_trainable : tensor<1xf32>
    %n = xnn.batch_norm "bn" %y gamma %g beta %b mean %m variance %v : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    xnn.yield %n : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// set_trainable entries apply outermost first, as in Keras: `base.trainable = True` sets every inner layer
// trainable, then `conv.trainable = False` freezes that one layer again, so only conv2 trains inside the base.
// FT-LABEL: xnn.model @inner_override_after_outer
//       FT:   xnn.param "conv", "kernel" frozen : tensor<1x1xf32>
//       FT:   xnn.param "conv2", "kernel" : tensor<1x1xf32>
xnn.model @inner_override_after_outer {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {trainable = false, training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %k = xnn.param "conv", "kernel" : tensor<1x1xf32>
    %y = xnn.dense "conv" %a, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
    %k1 = xnn.param "conv2", "kernel" : tensor<1x1xf32>
    %y1 = xnn.dense "conv2" %y, %k1 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
    xnn.yield %y1 : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true, conv = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// 'inference' trains nothing: every parameter is frozen (the head's too), and with no training call every BN and
// Dropout runs in inference mode, here a BN in a base called without a `training` flag and a top-level Dropout.
// INF-LABEL: xnn.model @inference_freezes_everything
//       INF:   xnn.submodel "base"(%{{.*}}) {training = false}
//       INF:   xnn.param "bn", "moving_mean" non_trainable frozen : tensor<1xf32>
//       INF:   xnn.param "bn", "moving_variance" non_trainable frozen : tensor<1xf32>
//       INF:   xnn.batch_norm "bn" {{.*}} {training = false}
//       INF:   xnn.dropout "dropout" %{{.*}} {rate = 5.000000e-01 : f64, training = false}
//       INF:   xnn.param "dense", "kernel" frozen init(#xnn.initializer<ones>) : tensor<1x1xf32>
//   INF-NOT:   xnn.phase
xnn.model @inference_freezes_everything {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %m = xnn.param "bn", "moving_mean" non_trainable : tensor<1xf32>
    %v = xnn.param "bn", "moving_variance" non_trainable : tensor<1xf32>
    %n = xnn.batch_norm "bn" %a mean %m variance %v : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    xnn.yield %n : tensor<?x1xf32>
  }
  %d = xnn.dropout "dropout" %f {rate = 0.5 : f64} : tensor<?x1xf32> -> tensor<?x1xf32>
  %k2 = xnn.param "dense", "kernel" init(#xnn.initializer<ones>) : tensor<1x1xf32>
  %o = xnn.dense "dense" %d, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// The guide calls `base_model(x, training=False)`: during fine-tuning the base trains (its gamma is not frozen)
// but its BN must keep using the moving statistics, because the call is not a training call.
// FT-LABEL: xnn.model @bn_in_inference_call_stays_inference
//       FT:   xnn.param "bn", "gamma" : tensor<1xf32>
//       FT:   xnn.batch_norm "bn" {{.*}} {training = false}
xnn.model @bn_in_inference_call_stays_inference {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %g = xnn.param "bn", "gamma" : tensor<1xf32>
    %m = xnn.param "bn", "moving_mean" non_trainable : tensor<1xf32>
    %v = xnn.param "bn", "moving_variance" non_trainable : tensor<1xf32>
    %n = xnn.batch_norm "bn" %a gamma %g mean %m variance %v : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    xnn.yield %n : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A BN reached by the train step's training call (no `training` flag on the way) in a trainable layer uses
// batch statistics: training = true; the same BN in a base called without a flag but frozen by the head phase
// does not (Keras 3: batch statistics only when the call trains *and* the layer is trainable).
// HEAD-LABEL: xnn.model @bn_in_training_call_trains
//       HEAD:   xnn.batch_norm "frozen_bn" {{.*}} {training = false}
//       HEAD:   xnn.batch_norm "bn" {{.*}} {training = true}
xnn.model @bn_in_training_call_trains {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    %m = xnn.param "frozen_bn", "moving_mean" non_trainable : tensor<1xf32>
    %v = xnn.param "frozen_bn", "moving_variance" non_trainable : tensor<1xf32>
    %n = xnn.batch_norm "frozen_bn" %a mean %m variance %v : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
    xnn.yield %n : tensor<?x1xf32>
  }
  %m2 = xnn.param "bn", "moving_mean" non_trainable : tensor<1xf32>
  %v2 = xnn.param "bn", "moving_variance" non_trainable : tensor<1xf32>
  %n2 = xnn.batch_norm "bn" %f mean %m2 variance %v2 : (tensor<?x1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x1xf32>
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %n2, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// Dropout is active whenever its call trains, whatever `trainable` says: the head's Dropout sits at top level,
// where the train step's training=True reaches it, so it drops units in the head phase.
// HEAD-LABEL: xnn.model @dropout_active_in_head
//       HEAD:   xnn.dropout "dropout" %{{.*}} {rate = 2.000000e-01 : f64, trainable = false, training = true}
xnn.model @dropout_active_in_head {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    xnn.yield %a : tensor<?x1xf32>
  }
  %d = xnn.dropout "dropout" %f {rate = 0.2 : f64, trainable = false} : tensor<?x1xf32> -> tensor<?x1xf32>
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %d, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// After the pass the model describes one artifact: the other phase is erased, the kept phase's set_trainable is
// emptied (it now lives in the `frozen` flags, and would name layers that inlining renames), and the model
// records which phase it was compiled for.
// HEAD-LABEL: xnn.model @other_phases_erased attributes {xcc.phase = "head"}
//   HEAD-NOT:   xnn.phase "fine-tune"
//       HEAD:   xnn.phase "head" {loss = #xnn.loss<binary_crossentropy>, optimizer = #xnn.adam<>}
//   HEAD-NOT:   xnn.phase
//       HEAD: }
xnn.model @other_phases_erased {
  %x = xnn.input "in" : tensor<?x1xf32>
  %f = xnn.submodel "base" (%x) {training = false} : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    xnn.yield %a : tensor<?x1xf32>
  }
  %k2 = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %f, %k2 : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "fine-tune" {set_trainable = {base = true}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "head" {set_trainable = {base = false}, optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}
