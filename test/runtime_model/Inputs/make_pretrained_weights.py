#!/usr/bin/python3
"""Writes pretrained.weights.h5 for pretrained_model.mlir: the Keras 3 `.weights.h5` that model.save_weights()
would write for it (keras/src/saving/saving_lib.py: a `vars` group per saveable with its `name`, layers keyed
by snake-cased class and per-class counter in model.layers order, variables numbered trainable-first), with
values that name their variable: variable k of the file holds 10*k + i/8 at flat index i (exact in float32).
Run with Debian's python3 (python3-h5py): /usr/bin/python3 make_pretrained_weights.py"""
import h5py
import numpy as np

GROUPS = [  # (vars group, Keras name), in save order
    ("vars", "pretrained"),
    ("layers/input_layer/vars", "input_layer_1"),
    ("layers/functional/vars", "base"),
    ("layers/functional/layers/input_layer/vars", "input_layer"),
    ("layers/functional/layers/conv2d/vars", "block1_conv1"),
    ("layers/functional/layers/batch_normalization/vars", "block1_conv1_bn"),
    ("layers/functional/layers/activation/vars", "block1_conv1_act"),
    ("layers/functional/layers/conv2d_1/vars", "conv2d"),
    ("layers/functional/layers/add/vars", "add"),
    ("layers/global_average_pooling2d/vars", "global_average_pooling2d"),
    ("layers/dense/vars", "dense"),
]
VARIABLES = [  # (path, shape), in save order
    ("layers/functional/layers/conv2d/vars/0", (3, 3, 3, 4)),
    ("layers/functional/layers/batch_normalization/vars/0", (4,)),
    ("layers/functional/layers/batch_normalization/vars/1", (4,)),
    ("layers/functional/layers/batch_normalization/vars/2", (4,)),
    ("layers/functional/layers/batch_normalization/vars/3", (4,)),
    ("layers/functional/layers/conv2d_1/vars/0", (1, 1, 3, 4)),
    ("layers/dense/vars/0", (4, 1)),
    ("layers/dense/vars/1", (1,)),
]

with h5py.File("pretrained.weights.h5", "w") as f:
    for path, name in GROUPS:
        f.create_group(path).attrs["name"] = name
    for k, (path, shape) in enumerate(VARIABLES):
        n = int(np.prod(shape))
        f[path] = (10 * k + np.arange(n, dtype=np.float64) / 8).reshape(shape).astype(np.float32)
