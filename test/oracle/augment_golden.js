#!/usr/bin/env node
// Golden values for test/runtime/augment_test.cpp (AugmentGolden.*), from TensorFlow.js -- an implementation
// nobody in this project wrote. tf.image.transform is TF.js's port of TF's ImageProjectiveTransformV3, the op
// Keras 3's RandomRotation calls on the TF backend; the matrix is Keras's rotation matrix
// (base_image_preprocessing_layer.py _compute_affine_matrix), built here in float32 as Keras builds it.
//
//   node test/oracle/augment_golden.js        (from the repository root; prints C++ initializers)
//
// The printed numbers are pasted into the C++ test, so CI does not need node for that unit test.
// TF.js differs from TF's C++ kernel in two ways that these cases avoid on purpose: it does the coordinate
// and blending arithmetic in float64 (TF in float32, hence the test's tolerance), and its nearest
// interpolation rounds halves up (TF: away from zero), which matters only for a coordinate at exactly -0.5.
'use strict';

const tf = require('@tensorflow/tfjs');

const f32 = Math.fround;

// Keras: a0 = cos, a1 = -sin, a2 = cx - cx*a0 - cy*a1, b0 = sin, b1 = cos, b2 = cy - cx*b0 - cy*b1, all float32.
function kerasRotation(angle, height, width) {
  const theta = f32(angle);
  const c = f32(Math.cos(theta));
  const s = f32(Math.sin(theta));
  const cx = f32(0.5 * (width - 1));
  const cy = f32(0.5 * (height - 1));
  const a2 = f32(f32(cx - f32(cx * c)) - f32(cy * -s));
  const b2 = f32(f32(cy - f32(cx * s)) - f32(cy * c));
  return [c, -s, a2, s, c, b2, 0, 0];
}

// Same formulas as the C++ test's images.
function imageA() { // 4x5x1, v = i^2 / 4 for flat index i
  return {h: 4, w: 5, c: 1, data: Array.from({length: 20}, (_, i) => (i * i) / 4)};
}
function imageB() { // 5x4x3, v = (37 i) mod 61 for flat index i
  return {h: 5, w: 4, c: 3, data: Array.from({length: 60}, (_, i) => (37 * i) % 61)};
}
function imageC() { // 2x7x1, v = (5 i) mod 13 for flat index i
  return {h: 2, w: 7, c: 1, data: Array.from({length: 14}, (_, i) => (5 * i) % 13)};
}

// Distance of the nearest mapped coordinate to a rounding boundary: a nearest-interpolation golden is only
// meaningful if float32 (TF, C++) and float64 (TF.js) round every coordinate the same way.
function minDistanceToHalf(m, h, w) {
  let d = Infinity;
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x)
      for (const v of [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]])
        d = Math.min(d, Math.abs(v - Math.round(v - 0.5) - 0.5));
  return d;
}

function run(name, img, angle, interpolation, fillMode, fillValue) {
  const m = kerasRotation(angle, img.h, img.w);
  if (interpolation === 'nearest' && minDistanceToHalf(m, img.h, img.w) < 1e-3)
    throw new Error(`${name}: a coordinate is too close to .5 for a nearest golden`);
  const out = tf.tidy(() => tf.image.transform(
      tf.tensor4d(img.data, [1, img.h, img.w, img.c]), tf.tensor2d([m], [1, 8]), interpolation, fillMode,
      fillValue).dataSync());
  const values = Array.from(out, (v) => Number(v.toPrecision(9)));
  console.log(`// ${name}: angle ${angle}, ${interpolation}, ${fillMode}, fill ${fillValue}`);
  console.log(`// transform {${m.map((v) => v.toPrecision(9)).join(', ')}}`);
  console.log(`const std::vector<float> k${name} = {${values.join(', ')}};`);
}

async function main() {
  await tf.setBackend('cpu');
  const a = imageA();
  const b = imageB();
  const c = imageC();
  for (const mode of ['reflect', 'wrap', 'nearest', 'constant'])
    run(`A_${mode}`, a, 0.6, 'bilinear', mode, 9.5);
  // A thin image turned reaches more than a pixel (and more than len - 1) outside, where reflect and nearest
  // differ and TF's wrap is no longer a true wrap.
  for (const mode of ['reflect', 'wrap', 'nearest'])
    run(`C_${mode}`, c, 0.6, 'bilinear', mode, 0);
  run('A_nearest_interp_reflect', a, 0.6, 'nearest', 'reflect', 0);
  run('A_nearest_interp_constant', a, 0.6, 'nearest', 'constant', 9.5);
  run('B_reflect', b, -0.45, 'bilinear', 'reflect', 0);
  run('B_wrap', b, -0.45, 'bilinear', 'wrap', 0);
  run('B_constant', b, -0.45, 'bilinear', 'constant', -2);
  run('B_guide_max', b, 0.1 * 2 * Math.PI, 'bilinear', 'reflect', 0);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
