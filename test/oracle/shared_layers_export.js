#!/usr/bin/env node
// Builds, in TensorFlow.js, a small functional Keras model whose layers are shared (called more than once) and
// writes it as a TensorFlow.js layers folder: OUT/model.json + OUT/weights.bin. The oracle test
// (shared_layers_test.cpp) imports it with xcc and compares xcc's compiled forward pass with TF.js's on real
// photos, so TF.js, not a fixture written here, says what a shared layer computes. Weights are seeded draws with
// nonzero biases, so that each call's arithmetic shows in the outputs.
//
//   x (32x32x3) -> conv (shared Conv2D 3->3, relu) -> a            call 0 of conv
//   x -> mix (Conv2D 1x1 3->3) -> conv -> b                         call 1 of conv, on another tensor
//   b -> conv -> c                                                  call 2: a shared layer fed by its own output
//   GAP(a), GAP(c) -> dense (shared Dense 3->4): da = dense(GAP(a)), dc = dense(GAP(c))
//   output = Concatenate([dc, da])                                  the later call first: node indices matter
//
//   node shared_layers_export.js --out DIR
'use strict';

const fs = require('fs');
const path = require('path');

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] !== '--out' || !argv[1]) throw new Error('usage: shared_layers_export.js --out DIR');
  const out = argv[1];
  const tf = require(path.join(__dirname, 'node_modules', '@tensorflow', 'tfjs'));
  let seed = 1;
  const kernel = () => tf.initializers.glorotUniform({seed: seed++});
  const bias = () => tf.initializers.randomUniform({minval: -0.3, maxval: 0.3, seed: seed++});
  const x = tf.input({shape: [32, 32, 3], name: 'image'});
  const conv = tf.layers.conv2d({filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv',
                                 kernelInitializer: kernel(), biasInitializer: bias()});
  const mix = tf.layers.conv2d({filters: 3, kernelSize: 1, name: 'mix', kernelInitializer: kernel(),
                                biasInitializer: bias()});
  const dense = tf.layers.dense({units: 4, name: 'dense', kernelInitializer: kernel(), biasInitializer: bias()});
  const gap = (name) => tf.layers.globalAveragePooling2d({name});
  const a = conv.apply(x);
  const b = conv.apply(mix.apply(x));
  const c = conv.apply(b);
  const da = dense.apply(gap('gap_a').apply(a));
  const dc = dense.apply(gap('gap_c').apply(c));
  const y = tf.layers.concatenate({name: 'concat'}).apply([dc, da]);
  const model = tf.model({inputs: x, outputs: y, name: 'shared_layers'});
  fs.mkdirSync(out, {recursive: true});
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    fs.writeFileSync(path.join(out, 'weights.bin'), Buffer.from(artifacts.weightData));
    // model.json last: its presence means the folder is complete.
    fs.writeFileSync(path.join(out, 'model.json'), JSON.stringify({
      format: 'layers-model', modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths: ['weights.bin'], weights: artifacts.weightSpecs}]}));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  console.log(`shared_layers_export.js: -> ${out} (${model.countParams()} params)`);
}

main().catch((e) => {
  console.error(`shared_layers_export.js: error: ${e.message}`);
  process.exit(1);
});
