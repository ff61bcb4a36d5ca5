// RUN: xcc-opt %s --split-input-file --verify-diagnostics --xcc-apply-phase=phase=train

// A phase the model does not declare cannot be compiled; the message lists what it could have been: the
// declared phases in order, then the built-in 'inference'.
// expected-error@+1 {{model 'm' has no phase 'train'; it has 'head', 'fine-tune', 'inference'}}
xnn.model @m {
  %x = xnn.input "in" : tensor<?x1xf32>
  %k = xnn.param "dense", "kernel" : tensor<1x1xf32>
  %o = xnn.dense "dense" %x, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
  xnn.phase "head" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
  xnn.phase "fine-tune" {optimizer = #xnn.adam<>, loss = #xnn.loss<binary_crossentropy>}
}

// -----

// A model without phases can still only be compiled for 'inference'.
// expected-error@+1 {{model 'no_phases' has no phase 'train'; it has 'inference'}}
xnn.model @no_phases {
  %x = xnn.input "in" : tensor<?x1xf32>
  xnn.output %x : tensor<?x1xf32>
}
