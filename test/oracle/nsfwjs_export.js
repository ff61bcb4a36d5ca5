#!/usr/bin/env node
// Writes one of the pretrained Keras models that the npm package nsfwjs ships (dist/models/<name>/: model.min.js
// holds the tfjs-layers model.json object, group*-shard*.min.js the weight shards as base64 strings) as a plain
// TensorFlow.js layers folder: OUT/model.json + OUT/<shard files>. Used by the oracle test (test/oracle) and the
// main job (examples/nsfwjs_fashion_mnist/run.sh).
//
//   node nsfwjs_export.js --model mobilenet_v2|inception_v3 --out DIR
'use strict';

const fs = require('fs');
const path = require('path');

function main() {
  const argv = process.argv.slice(2);
  const args = {};
  for (let i = 0; i + 1 < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!args.model || !args.out) throw new Error('usage: nsfwjs_export.js --model NAME --out DIR');
  const src = path.join(__dirname, 'node_modules', 'nsfwjs', 'dist', 'models', args.model);
  if (!fs.existsSync(path.join(src, 'model.min.js')))
    throw new Error(`${src}/model.min.js is missing: run 'bash scripts/install-npm-deps.sh' (scripts/test.sh does)`);
  const model = require(path.join(src, 'model.min.js'));
  if (!model.modelTopology || !model.weightsManifest) throw new Error(`${src}/model.min.js: not a tfjs layers model`);
  fs.mkdirSync(args.out, {recursive: true});
  let bytes = 0;
  for (const group of model.weightsManifest)
    for (const shard of group.paths) {
      const b64 = require(path.join(src, `${shard}.min.js`));
      if (typeof b64 !== 'string') throw new Error(`${src}/${shard}.min.js: expected a base64 string`);
      const data = Buffer.from(b64, 'base64');
      fs.writeFileSync(path.join(args.out, shard), data);
      bytes += data.length;
    }
  // model.json last: its presence means the folder is complete.
  fs.writeFileSync(path.join(args.out, 'model.json'), JSON.stringify(model));
  console.log(`nsfwjs_export.js: ${args.model} -> ${args.out} (${bytes} weight bytes)`);
}

try {
  main();
} catch (e) {
  console.error(`nsfwjs_export.js: error: ${e.message}`);
  process.exit(1);
}
