#!/usr/bin/python3
"""Writes keras2_weights.h5 and keras3.weights.h5: a Keras legacy weights file (the layout of
xception_weights_tf_dim_ordering_tf_kernels_notop.h5) for weights-model.mlir, with Keras-2.0-era auto-names
(conv2d_1, conv2d_2, batch_normalization_1) where the model uses Keras 3's (conv2d, conv2d_1, batch_normalization).
Every weight is a constant whose value identifies it, so tests can see which file entry each parameter got.
keras3.weights.h5 holds the same values in Keras 3's layout, keyed by class and position (layers/conv2d_1/vars/0).
Run with Debian's python3 (python3-h5py): /usr/bin/python3 make_weights.py"""
import h5py
import numpy as np

LAYERS = [
    ("block1_conv1", [("kernel", (3, 3, 3, 4), 0.5)]),
    ("block1_conv1_bn", [("gamma", (4,), 2.0), ("beta", (4,), 1.0), ("moving_mean", (4,), 0.25),
                         ("moving_variance", (4,), 3.999)]),
    ("block1_conv1_act", []),
    ("conv2d_1", [("kernel", (1, 1, 4, 4), 1.0)]),
    ("batch_normalization_1", [("gamma", (4,), 1.0), ("beta", (4,), 0.0), ("moving_mean", (4,), 0.0),
                               ("moving_variance", (4,), 0.999)]),
    ("conv2d_2", [("kernel", (1, 1, 4, 4), 2.0)]),
]

with h5py.File("keras2_weights.h5", "w") as f:
    f.attrs["layer_names"] = np.array([name.encode() for name, _ in LAYERS])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.0.8"
    for name, weights in LAYERS:
        g = f.create_group(name)
        g.attrs["weight_names"] = np.array([f"{name}/{w}:0".encode() for w, _, _ in weights])
        for w, shape, value in weights:
            g.create_dataset(f"{name}/{w}:0", data=np.full(shape, value, dtype=np.float32))

# Keras 3: each layer of the model under its snake-cased class name and a per-class counter, in layer order;
# variables numbered trainable-first (Keras saving_lib). weights-model.mlir's layers in order: block1_conv1
# (conv2d), block1_conv1_bn (batch_normalization), block1_conv1_act (activation), conv2d (conv2d_1),
# batch_normalization (batch_normalization_1), conv2d_1 (conv2d_2).
KERAS3 = {
    "conv2d": [0.5],
    "batch_normalization": [2.0, 1.0, 0.25, 3.999],
    "conv2d_1": [1.0],
    "batch_normalization_1": [1.0, 0.0, 0.0, 0.999],
    "conv2d_2": [2.0],
}
SHAPES = {"conv2d": [(3, 3, 3, 4)], "conv2d_1": [(1, 1, 4, 4)], "conv2d_2": [(1, 1, 4, 4)]}
with h5py.File("keras3.weights.h5", "w") as f:
    f.create_group("vars")
    layers = f.create_group("layers")
    for key in ["input_layer", "conv2d", "batch_normalization", "activation", "conv2d_1",
                "batch_normalization_1", "conv2d_2"]:
        v = layers.create_group(key).create_group("vars")
        for i, value in enumerate(KERAS3.get(key, [])):
            shape = SHAPES.get(key, [(4,)] * 4)[i]
            v.create_dataset(str(i), data=np.full(shape, value, dtype=np.float32))
