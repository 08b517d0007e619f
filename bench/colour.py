"""Paints MNIST (or Fashion-MNIST) in colours for the benchmarks' RGB cases: each 28x28 image padded to 32x32, or
doubled and padded to 64x64, its strokes in one random colour over a background of another, both drawn per image
from a seeded generator and independent of the label, so a network must learn the shape whatever the colours.
Writes <out>/rgb<side>-{train,t10k}-images (a 16-byte big-endian header: count, channels, height, width; then uint8
pixels, channel planes in turn) and the first <count> labels of each split as IDX files beside them.

Usage: python3 colour.py <idx-dir, plain or .gz files> <out-dir> [side: 32 or 64] [train count] [test count]
"""
import gzip
import os
import sys

import numpy as np


def read_idx(path):
    opener = open if os.path.exists(path) else gzip.open
    with opener(path if os.path.exists(path) else path + ".gz", "rb") as f:
        return f.read()


def paint(grey, side, seed):
    grey = grey.reshape(-1, 28, 28)
    n = grey.shape[0]
    if side == 64:
        grey = grey.repeat(2, axis=1).repeat(2, axis=2)
    rng = np.random.default_rng(seed)
    ink = rng.uniform(0.35, 1.0, size=(n, 3, 1, 1)).astype(np.float32)
    paper = rng.uniform(0.0, 0.3, size=(n, 3, 1, 1)).astype(np.float32)
    p = np.zeros((n, 1, side, side), dtype=np.float32)
    margin = (side - grey.shape[1]) // 2
    p[:, 0, margin:side - margin, margin:side - margin] = grey / 255.0
    return np.rint((paper * (1 - p) + ink * p) * 255).astype(np.uint8)


def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    source, out = sys.argv[1], sys.argv[2]
    side = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    counts = {"train": int(sys.argv[4]) if len(sys.argv) > 4 else 60000,
              "t10k": int(sys.argv[5]) if len(sys.argv) > 5 else 10000}
    if side not in (32, 64):
        sys.exit(f"side {side}: 32 or 64")
    os.makedirs(out, exist_ok=True)
    for split, seed in (("train", 1), ("t10k", 2)):
        n = counts[split]
        images = paint(np.frombuffer(read_idx(f"{source}/{split}-images-idx3-ubyte"), np.uint8, n * 784, 16), side, seed)
        labels = np.frombuffer(read_idx(f"{source}/{split}-labels-idx1-ubyte"), np.uint8, n, 8)
        write(f"{out}/{split}-labels-idx1-ubyte", np.array([2049, n], dtype=">i4").tobytes() + labels.tobytes())
        write(f"{out}/rgb{side}-{split}-images", np.array(images.shape, dtype=">i4").tobytes() + images.tobytes())


if __name__ == "__main__":
    main()
