#!/usr/bin/env node
// Step 10: the head trained by TF.js itself (tf.layers, model.fit), not by a replay: the issue's "TensorFlow.js
// features + the same head". Dropout(0.2) -> Dense(1) with TF.js's own defaults (kernel initializer glorotNormal,
// i.e. a truncated normal; zero bias), Adam(1e-3), batch 64, 2 epochs, model.fit's own per-epoch shuffle,
// sigmoid cross-entropy from logits, on xcc's split (split.tsv). Validation accuracy counts logit > 0.
//   node 10_tfjs_head.js FEATS.f32 [SEEDS]      (run where split.tsv is; prints one line per seed and a summary)
'use strict';
const fs = require('fs');
const NM = '/work/main/test/oracle/node_modules/';
const tf = require(NM + '@tensorflow/tfjs');

async function main() {
  const feats = new Float32Array(fs.readFileSync(process.argv[2]).buffer.slice(0));
  const seeds = Number(process.argv[3] || 20);
  const rows = fs.readFileSync('split.tsv', 'utf8').trim().split('\n').map((l) => l.split(/\s+/));
  const pick = (sub) => rows.map((r, i) => [r, i]).filter(([r]) => r[0] === sub).map(([, i]) => i);
  const tensors = (idx) => {
    const x = new Float32Array(idx.length * 1024), y = new Float32Array(idx.length);
    idx.forEach((i, k) => { x.set(feats.subarray(i * 1024, (i + 1) * 1024), k * 1024); y[k] = Number(rows[i][1]); });
    return [tf.tensor2d(x, [idx.length, 1024]), tf.tensor2d(y, [idx.length, 1])];
  };
  const [xt, yt] = tensors(pick('train')), [xv, yv] = tensors(pick('val'));
  const accs = [];
  for (let s = 0; s < seeds; ++s) {
    const model = tf.sequential({layers: [
      tf.layers.dropout({rate: 0.2, inputShape: [1024], seed: 100 + s}),
      tf.layers.dense({units: 1, kernelInitializer: tf.initializers.glorotNormal({seed: s})}),
    ]});
    model.compile({optimizer: tf.train.adam(1e-3), loss: (y, logits) => tf.losses.sigmoidCrossEntropy(y, logits)});
    await model.fit(xt, yt, {batchSize: 64, epochs: 2, shuffle: true, verbose: 0});
    const logits = model.predict(xv);
    const acc = (await logits.greater(0).cast('float32').equal(yv).mean().data())[0];
    accs.push(acc);
    console.log(`seed ${s}: val acc ${acc.toFixed(4)}`);
  }
  const mean = accs.reduce((a, b) => a + b) / accs.length;
  const sd = Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / accs.length);
  console.log(`TF.js head, ${seeds} seeds: mean ${mean.toFixed(4)} sd ${sd.toFixed(4)} min ${Math.min(...accs).toFixed(4)} ` +
              `max ${Math.max(...accs).toFixed(4)} P(>=0.95) ${(accs.filter((a) => a >= 0.95).length / seeds).toFixed(2)}`);
}
main();
