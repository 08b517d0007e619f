"""Paints MNIST in colours for the benchmarks' RGB cases: each digit padded to 32x32, its strokes in one random
colour over a background of another, both drawn per image from a seeded generator and independent of the label, so a
network must learn the shape whatever the colours. Writes <out>/rgb32-{train,t10k}-images (a 16-byte big-endian
header: count, channels, height, width; then uint8 pixels, channel planes in turn) beside MNIST's label files.

Usage: python3 colour.py <mnist-dir> <out-dir>
"""
import os
import shutil
import sys

import numpy as np


def read_idx(path, header):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def paint(grey, seed):
    grey = grey.reshape(-1, 28 * 28)
    n = grey.shape[0]
    rng = np.random.default_rng(seed)
    ink = rng.uniform(0.35, 1.0, size=(n, 3, 1, 1)).astype(np.float32)
    paper = rng.uniform(0.0, 0.3, size=(n, 3, 1, 1)).astype(np.float32)
    p = np.zeros((n, 1, 32, 32), dtype=np.float32)
    p[:, 0, 2:30, 2:30] = grey.reshape(n, 28, 28) / 255.0
    return np.rint((paper * (1 - p) + ink * p) * 255).astype(np.uint8)


def write(path, images):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(np.array(images.shape, dtype=">i4").tobytes())
        f.write(images.tobytes())
    os.replace(tmp, path)


def main():
    mnist, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for split, seed in (("train", 1), ("t10k", 2)):
        write(f"{out}/rgb32-{split}-images", paint(read_idx(f"{mnist}/{split}-images-idx3-ubyte", 16), seed))
        shutil.copyfile(f"{mnist}/{split}-labels-idx1-ubyte", f"{out}/{split}-labels-idx1-ubyte")


if __name__ == "__main__":
    main()
