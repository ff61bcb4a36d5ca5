#!/usr/bin/env node
// Step 2 (TF.js side): GAP(conv_dw_13_relu) features of the real MobileNet v1 in TF.js 4.22 (wasm backend),
// the model loaded exactly as test/oracle/tfjs_forward.js loads it (groups with a missing shard dropped, cut).
//   node tfjs_features.js MODE OUT.f32 [N]
// MODE: xccpix  -> xcc's own decoded+resized pixels (pixels_xcc.f32, 0..255): isolates the network
//       hp      -> xcc's decoded pixels, resized by tf.image.resizeBilinear(halfPixelCenters=true)  (= tf.image.resize)
//       legacy  -> tf.image.resizeBilinear defaults (alignCorners=false, halfPixelCenters=false): TF.js's default
//       ac      -> tf.image.resizeBilinear(alignCorners=true) (what nsfwjs uses)
// Scaling x/127.5 - 1 (mobilenet.preprocess_input). Also writes OUT.pixdiff.txt: per image, max |resized - xcc's|.
'use strict';
const fs = require('fs');
const path = require('path');
process.chdir(__dirname);
const NM = '/work/main/test/oracle/node_modules/';
const tf = require(NM + '@tensorflow/tfjs');
require(NM + '@tensorflow/tfjs-backend-wasm');
const MODEL = '/work/shared/models/mobilenet_v1_1.0_224_imagenet/model.json';

function partialHandler(modelPath) {
  const dir = path.dirname(modelPath);
  const json = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
  const weightSpecs = [], buffers = [];
  for (const group of json.weightsManifest) {
    const files = group.paths.map((p) => path.join(dir, p));
    if (!files.every((f) => fs.existsSync(f))) continue;
    weightSpecs.push(...group.weights);
    buffers.push(...files.map((f) => fs.readFileSync(f)));
  }
  const b = Buffer.concat(buffers);
  const weightData = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  return {load: async () => ({modelTopology: json.modelTopology, format: json.format, weightSpecs, weightData}),
          loaded: new Set(weightSpecs.map((w) => w.name))};
}

async function main() {
  const [mode, out, nArg] = process.argv.slice(2);
  await tf.setBackend('wasm');
  await tf.ready();
  const h = partialHandler(MODEL);
  const full = await tf.loadLayersModel({load: h.load}, {strict: false});
  const cut = tf.model({inputs: full.inputs, outputs: full.getLayer('conv_dw_13_relu').output});
  for (const w of cut.weights) if (!h.loaded.has(w.originalName)) throw new Error('missing ' + w.originalName);
  const meta = fs.readFileSync('decoded_xcc.tsv', 'utf8').trim().split('\n').map((l) => l.split(' ').map(Number));
  const n = nArg ? Number(nArg) : meta.length;
  const fdDec = fs.openSync('decoded_xcc.u8', 'r'), fdPix = fs.openSync('pixels_xcc.f32', 'r');
  const PX = 224 * 224 * 3;
  const feats = new Float32Array(n * 1024);
  const pixdiff = [];
  const t0 = Date.now();
  for (let i = 0; i < n; ++i) {
    const xb = Buffer.alloc(PX * 4);
    fs.readSync(fdPix, xb, 0, PX * 4, i * PX * 4);
    const xccPix = new Float32Array(xb.buffer, xb.byteOffset, PX);
    let img;
    if (mode === 'xccpix') {
      img = tf.tensor4d(xccPix, [1, 224, 224, 3]);
    } else {
      const [hh, ww, off] = meta[i];
      const db = Buffer.alloc(hh * ww * 3);
      fs.readSync(fdDec, db, 0, hh * ww * 3, off);
      img = tf.tidy(() => {
        const u8 = tf.tensor3d(new Int32Array(Uint8Array.from(db)), [hh, ww, 3], 'int32').toFloat();
        const opt = mode === 'hp' ? [false, true] : mode === 'ac' ? [true, false] : [false, false];
        return tf.image.resizeBilinear(u8, [224, 224], opt[0], opt[1]).expandDims(0);
      });
      const d = await img.data();
      let m = 0;
      for (let k = 0; k < PX; ++k) m = Math.max(m, Math.abs(d[k] - xccPix[k]));
      pixdiff.push(m);
    }
    const f = tf.tidy(() => cut.predict(img.div(127.5).sub(1)).mean([1, 2]));
    feats.set(await f.data(), i * 1024);
    img.dispose(); f.dispose();
    if (i % 100 === 0) process.stderr.write(`${i}/${n} ${((Date.now() - t0) / (i + 1)).toFixed(0)} ms/img\n`);
  }
  fs.writeFileSync(out, Buffer.from(feats.buffer));
  if (pixdiff.length) fs.writeFileSync(out + '.pixdiff.txt', pixdiff.join('\n') + '\n');
  console.log(JSON.stringify({mode, n, tfjs: tf.version.tfjs, backend: tf.getBackend(), ms: Date.now() - t0}));
}
main().catch((e) => { console.error(e); process.exit(1); });
