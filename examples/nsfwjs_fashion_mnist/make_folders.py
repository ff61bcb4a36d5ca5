#!/usr/bin/env python3
"""Writes a deterministic subset of Fashion-MNIST (Debian's dataset-fashion-mnist, IDX files) as class-per-folder
PNGs, the layout image_dataset_from_directory (and the xcc CLIs' --data) read:

    OUT/train/<class>/<index>.png   the first TRAIN images of each class in the official training file's order
    OUT/val/<class>/<index>.png     the next VAL images of each class in that file
    OUT/test/<class>/<index>.png    the first TEST images of each class in the official test file's order

<index> is the image's position in its IDX file, so every PNG can be traced back. Classes are the official names
prefixed with their label ("0_T-shirt_top" ... "9_Ankle_boot"): the folders sort in label order, so the class
index the loader assigns (sorted folder names) is Fashion-MNIST's own label. PNGs are 8-bit grey, 28x28; the loader
replicates grey into RGB as Keras's color_mode="rgb" does. Only the standard library is used.

    make_folders.py --train N --val N --test N [--source DIR] OUT
"""
import argparse
import gzip
import os
import struct
import sys
import zlib

CLASSES = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]


def read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    got, count = struct.unpack(">II", data[:8])
    if got != magic:
        sys.exit(f"make_folders.py: {path}: not an IDX file (magic {got:#x})")
    if magic == 0x801:
        return data[8:8 + count]
    rows, cols = struct.unpack(">II", data[8:16])
    size = rows * cols
    return [data[16 + i * size:16 + (i + 1) * size] for i in range(count)], (rows, cols)


def png_grey(pixels, rows, cols):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + pixels[r * cols:(r + 1) * cols] for r in range(rows))  # filter type 0 per row
    header = struct.pack(">IIBBBBB", cols, rows, 8, 0, 0, 0, 0)                    # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def write_split(images, labels, shape, splits, out):
    """splits: [(folder, per_class)], filled in order: each image goes to the first split whose class is not full."""
    filled = {name: [0] * len(CLASSES) for name, _ in splits}
    for index, label in enumerate(labels):
        for name, per_class in splits:
            if filled[name][label] < per_class:
                folder = os.path.join(out, name, f"{label}_{CLASSES[label]}")
                os.makedirs(folder, exist_ok=True)
                with open(os.path.join(folder, f"{index:05d}.png"), "wb") as f:
                    f.write(png_grey(images[index], *shape))
                filled[name][label] += 1
                break
        if all(n == per for name, per in splits for n in filled[name]):
            return
    short = [(name, CLASSES[c]) for name, per in splits for c, n in enumerate(filled[name]) if n < per]
    sys.exit(f"make_folders.py: not enough images for {short[:3]}...")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--train", type=int, required=True)
    p.add_argument("--val", type=int, required=True)
    p.add_argument("--test", type=int, required=True)
    p.add_argument("out")
    a = p.parse_args()
    src = lambda name: os.path.join(a.source, name)
    if not os.path.exists(src("train-images-idx3-ubyte.gz")):
        sys.exit(f"make_folders.py: no Fashion-MNIST in {a.source}: install the Debian package dataset-fashion-mnist "
                 "(bash scripts/install-deps.sh does)")
    images, shape = read_idx(src("train-images-idx3-ubyte.gz"), 0x803)
    write_split(images, read_idx(src("train-labels-idx1-ubyte.gz"), 0x801), shape,
                [("train", a.train), ("val", a.val)], a.out)
    images, shape = read_idx(src("t10k-images-idx3-ubyte.gz"), 0x803)
    write_split(images, read_idx(src("t10k-labels-idx1-ubyte.gz"), 0x801), shape, [("test", a.test)], a.out)
    print(f"make_folders.py: {a.out}: {a.train} train, {a.val} validation, {a.test} test images per class, "
          f"{len(CLASSES)} classes")


if __name__ == "__main__":
    main()
