// RUN: xcc-opt %s --split-input-file --verify-diagnostics --xcc-inline-submodels

// Without --xcc-apply-phase the sub-model's call mode is unknown, and once inlined it could no longer be
// recovered, so inlining refuses rather than guess.
xnn.model @unresolved {
  %x = xnn.input "in" : tensor<?x1xf32>
  // expected-error@+1 {{'xnn.submodel' op sub-model 'base' must be resolved by --xcc-apply-phase before inlining}}
  %f = xnn.submodel "base" (%x) : (tensor<?x1xf32>) -> tensor<?x1xf32> {
  ^bb0(%a: tensor<?x1xf32>):
    xnn.yield %a : tensor<?x1xf32>
  }
  xnn.output %f : tensor<?x1xf32>
}
