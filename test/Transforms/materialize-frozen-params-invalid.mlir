// RUN: xcc-opt %s --split-input-file --verify-diagnostics --xcc-materialize-frozen-params

// A frozen parameter without `init` is read from the Keras weights file; with no file (and no random weights)
// there is no value to embed, and the message names the layer and the weight so the user knows what is missing.
xnn.model @frozen_from_weights_file {
  %x = xnn.input "in" : tensor<?x1xf32>
  // expected-error@+1 {{layer 'block1_conv1' is frozen and its weight 'kernel' comes from a weights file: pass --weights FILE (or --random-weights SEED to test with random values)}}
  %k = xnn.param "block1_conv1", "kernel" frozen : tensor<1x1xf32>
  %o = xnn.dense "block1_conv1" %x, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}

// -----

// A `#xnn.keras_weight` source is a weights-file entry too (under another name), so it needs the file just the same.
xnn.model @frozen_from_keras_weight {
  %x = xnn.input "in" : tensor<?x1xf32>
  // expected-error@+1 {{layer 'dense' is frozen and its weight 'kernel' comes from a weights file}}
  %k = xnn.param "dense", "kernel" frozen init(#xnn.keras_weight<"dense_7", "kernel">) : tensor<1x1xf32>
  %o = xnn.dense "dense" %x, %k : (tensor<?x1xf32>, tensor<1x1xf32>) -> tensor<?x1xf32>
  xnn.output %o : tensor<?x1xf32>
}
