#!/usr/bin/env node
// The TensorFlow.js side of the oracle test (test/oracle): runs a Keras model in TF.js -- an implementation
// nobody in this project wrote -- on input tensors that the C++ test prepared, and writes the outputs.
//
//   node tfjs_forward.js --model DIR/model.json --cut-at LAYER --input in.f32 --shape N,H,W,C --output out.f32
//                        [--backend wasm|cpu]
//
// Files are raw little-endian float32, row-major (NHWC in, the cut layer's output shape out). Weight groups
// whose shard files are absent are left out (the MobileNet v1 folder lacks one); the model is then loaded
// non-strictly, and this script itself checks that every weight of the layers up to LAYER was loaded, so a
// missing or misnamed weight is an error and never a silently random one. It prints one JSON line.
'use strict';

const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const args = {backend: 'wasm'};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined) throw new Error(`bad argument '${key}'`);
    args[key.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
  }
  for (const k of ['model', 'input', 'shape', 'output'])
    if (!args[k]) throw new Error(`missing --${k}`);
  args.shape = args.shape.split(',').map(Number);
  return args;
}

function toArrayBuffer(buf) {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

// An IOHandler over model.json whose weight groups with a missing shard are dropped.
function partialHandler(modelPath) {
  const dir = path.dirname(modelPath);
  const json = JSON.parse(fs.readFileSync(modelPath, 'utf8'));
  const weightSpecs = [];
  const buffers = [];
  const dropped = [];
  for (const group of json.weightsManifest) {
    const files = group.paths.map((p) => path.join(dir, p));
    if (!files.every((f) => fs.existsSync(f))) {
      dropped.push(...group.weights.map((w) => w.name));
      continue;
    }
    weightSpecs.push(...group.weights);
    buffers.push(...files.map((f) => fs.readFileSync(f)));
  }
  const weightData = toArrayBuffer(Buffer.concat(buffers));
  return {
    handler: {
      load: async () => ({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs,
        weightData,
      }),
    },
    loaded: new Set(weightSpecs.map((w) => w.name)),
    dropped,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const tf = require('@tensorflow/tfjs');
  if (args.backend === 'wasm') {
    require('@tensorflow/tfjs-backend-wasm');
    // One thread (no SharedArrayBuffer workers in Node), XNNPACK kernels.
  }
  if (!(await tf.setBackend(args.backend))) throw new Error(`backend '${args.backend}' did not start`);
  await tf.ready();

  const t0 = Date.now();
  const {handler, loaded, dropped} = partialHandler(args.model);
  const full = await tf.loadLayersModel(handler, {strict: false});
  let model = full;
  if (args.cutAt) {
    const layer = full.getLayer(args.cutAt);
    model = tf.model({inputs: full.inputs, outputs: layer.output, name: `${full.name}_cut`});
  }
  const missing = [];
  for (const w of model.weights)
    if (!loaded.has(w.originalName)) missing.push(w.originalName);
  if (missing.length)
    throw new Error(`weights of the model up to '${args.cutAt}' not in the present shards: ${missing.join(', ')}`);
  const tLoad = Date.now() - t0;

  const raw = fs.readFileSync(args.input);
  const count = args.shape.reduce((a, b) => a * b, 1);
  if (raw.length !== count * 4)
    throw new Error(`${args.input}: ${raw.length} bytes, expected ${count * 4} for shape [${args.shape}]`);
  const input = tf.tensor(new Float32Array(toArrayBuffer(raw)), args.shape, 'float32');

  // One image at a time: batch 1 is what the wasm backend is fastest at, and a batch changes nothing.
  const t1 = Date.now();
  const outs = [];
  for (let i = 0; i < args.shape[0]; ++i) {
    const y = tf.tidy(() => model.predict(input.slice([i], [1])));
    outs.push(await y.data());
    if (i === 0) var outShape = y.shape.slice(1);
    y.dispose();
  }
  const tRun = Date.now() - t1;
  const total = outs.reduce((a, o) => a + o.length, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const o of outs) {
    all.set(o, off);
    off += o.length;
  }
  fs.writeFileSync(args.output, Buffer.from(all.buffer));
  console.log(JSON.stringify({
    tfjs: tf.version.tfjs, backend: tf.getBackend(), output_shape: [args.shape[0], ...outShape],
    params: model.countParams(), dropped_weights: dropped, load_ms: tLoad, run_ms: tRun,
  }));
}

main().catch((e) => {
  console.error(`tfjs_forward.js: error: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
