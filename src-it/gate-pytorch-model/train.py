"""Trains two small PyTorch networks on MNIST, measures each on the test set, and exports each with torch.onnx.export.

Usage: python3 train.py <folder with MNIST's four IDX files> <output folder>
Writes <output>/mlp.onnx (input [N, 784]) and <output>/cnn.onnx (input [N, 1, 28, 28]), both giving logits, and
<output>/accuracy.json with the test accuracy PyTorch itself measured for each.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn


def idx(path, offset):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def images(path):
    return torch.from_numpy(idx(path, 16).reshape(-1, 1, 28, 28).astype(np.float32) / np.float32(255))


def labels(path):
    return torch.from_numpy(idx(path, 8).astype(np.int64))


def train(model, x, y, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    order = torch.Generator().manual_seed(1)
    model.train()
    for _ in range(epochs):
        for batch in torch.randperm(len(x), generator=order).split(64):
            optimizer.zero_grad()
            loss(model(x[batch]), y[batch]).backward()
            optimizer.step()
    model.eval()


def accuracy(model, x, y):
    with torch.no_grad():
        return int((model(x).argmax(1) == y).sum()) / len(y)


def export(model, example, path):
    torch.onnx.export(model, example, path, input_names=["pixels"], output_names=["logits"],
                      dynamic_axes={"pixels": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)


def main(data, out):
    torch.manual_seed(7)
    torch.set_num_threads(2)
    os.makedirs(out, exist_ok=True)
    x, y = images(os.path.join(data, "train-images-idx3-ubyte")), labels(os.path.join(data, "train-labels-idx1-ubyte"))
    tx, ty = images(os.path.join(data, "t10k-images-idx3-ubyte")), labels(os.path.join(data, "t10k-labels-idx1-ubyte"))
    measured = {}

    mlp = nn.Sequential(nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))
    flat, test_flat = x.reshape(-1, 784), tx.reshape(-1, 784)
    train(mlp, flat, y, 1)
    measured["mlp"] = accuracy(mlp, test_flat, ty)
    export(mlp, test_flat[:1], os.path.join(out, "mlp.onnx"))

    cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(),
                        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 5 * 5, 10))
    train(cnn, x, y, 1)
    measured["cnn"] = accuracy(cnn, tx, ty)
    export(cnn, tx[:1], os.path.join(out, "cnn.onnx"))

    with open(os.path.join(out, "accuracy.json"), "w") as f:
        json.dump(measured, f)
    print("PyTorch " + torch.__version__ + " test accuracy: " + json.dumps(measured))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
