#!/usr/bin/python3
"""Writes a stand-in for Keras's xception_weights_tf_dim_ordering_tf_kernels_notop.h5 (which cannot be fetched
here): the same legacy layout (root attribute layer_names with every layer, weightless ones too, in Keras's depth
order; per layer a group with weight_names; datasets <layer>/<layer>/<weight>:0), the same 234 arrays with the
same shapes, and the Keras-2.0-era auto-names of the four residual conv/BN pairs (conv2d_1..4,
batch_normalization_1..4), as REFERENCE.md section 3 describes the real file. Values are seeded random draws.
  make_xception_notop.py OUT.h5 [--drop LAYER] [--wrong-shape LAYER]
--drop leaves a weighted layer out; --wrong-shape gives the first array of LAYER one more output channel.
Needs Debian's python3-h5py (scripts/install-deps.sh installs it)."""
import sys

import h5py
import numpy as np


def sep(name, cin, cout):
    return [(name, [("depthwise_kernel", (3, 3, cin, 1)), ("pointwise_kernel", (1, 1, cin, cout))])]


def bn(name, c):
    return [(name, [("gamma", (c,)), ("beta", (c,)), ("moving_mean", (c,)), ("moving_variance", (c,))])]


def plain(name):
    return [(name, [])]


def layers():
    out = [("input_1", [])]
    out += [("block1_conv1", [("kernel", (3, 3, 3, 32))])] + bn("block1_conv1_bn", 32) + plain("block1_conv1_act")
    out += [("block1_conv2", [("kernel", (3, 3, 32, 64))])] + bn("block1_conv2_bn", 64) + plain("block1_conv2_act")
    # Entry flow: the residual conv comes after the block's second BN and the residual BN after the pool, as
    # Keras's depth sort lists them; block 2 has no leading ReLU.
    cin = 64
    for k, (block, cout) in enumerate([(2, 128), (3, 256), (4, 728)], start=1):
        b = f"block{block}"
        out += ([] if block == 2 else plain(f"{b}_sepconv1_act")) + sep(f"{b}_sepconv1", cin, cout)
        out += bn(f"{b}_sepconv1_bn", cout) + plain(f"{b}_sepconv2_act") + sep(f"{b}_sepconv2", cout, cout)
        out += bn(f"{b}_sepconv2_bn", cout) + [(f"conv2d_{k}", [("kernel", (1, 1, cin, cout))])]
        out += plain(f"{b}_pool") + bn(f"batch_normalization_{k}", cout) + plain(f"add_{k}")
        cin = cout
    for block in range(5, 13):
        for i in (1, 2, 3):
            b = f"block{block}_sepconv{i}"
            out += plain(f"{b}_act") + sep(b, 728, 728) + bn(f"{b}_bn", 728)
        out += plain(f"add_{block - 1}")
    out += plain("block13_sepconv1_act") + sep("block13_sepconv1", 728, 728) + bn("block13_sepconv1_bn", 728)
    out += plain("block13_sepconv2_act") + sep("block13_sepconv2", 728, 1024) + bn("block13_sepconv2_bn", 1024)
    out += [("conv2d_4", [("kernel", (1, 1, 728, 1024))])] + plain("block13_pool")
    out += bn("batch_normalization_4", 1024) + plain("add_12")
    out += sep("block14_sepconv1", 1024, 1536) + bn("block14_sepconv1_bn", 1536) + plain("block14_sepconv1_act")
    out += sep("block14_sepconv2", 1536, 2048) + bn("block14_sepconv2_bn", 2048) + plain("block14_sepconv2_act")
    return out


def main():
    path, args = sys.argv[1], sys.argv[2:]
    drop = args[args.index("--drop") + 1] if "--drop" in args else None
    wrong = args[args.index("--wrong-shape") + 1] if "--wrong-shape" in args else None
    rng = np.random.default_rng(7)
    entries = [(n, w) for n, w in layers() if n != drop]
    assert sum(len(w) for _, w in layers()) == 234
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array([n.encode() for n, _ in entries])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.0.8"
        for name, weights in entries:
            g = f.create_group(name)
            g.attrs["weight_names"] = np.array([f"{name}/{w}:0".encode() for w, _ in weights])
            for i, (w, shape) in enumerate(weights):
                if name == wrong and i == 0:
                    shape = shape[:-1] + (shape[-1] + 1,)
                if w == "moving_variance":
                    data = rng.uniform(0.5, 1.5, shape)
                else:
                    data = rng.normal(0.0, 0.05, shape)
                g.create_dataset(f"{name}/{w}:0", data=data.astype(np.float32))


main()
