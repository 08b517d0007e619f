"""The benchmark's PyTorch peer: the same network, optimizer, batch size, data order policy (a seeded
reshuffle every epoch) and thread count as the plugin's training path. One epoch on all 60,000 MNIST
training images, then test accuracy on the 10,000 test images. Prints one JSON object.

Usage: python3 peer.py <mnist-dir> <cnn|mlp|notebook|keras> <batch> <threads> [seed, default 42] [epochs, default 1]
[learning rate, default 1e-3]. notebook: the notebook's tuned CNN, Conv(30, 3x3)-Pool-Dense(200)-Dense64-Dense10.
keras: Keras's mnist_cnn example, Conv32-Conv64-Pool-Dropout(0.25)-Dense128-Dropout(0.5)-Dense10.
BENCH_DATA=rgb32 reads the painted 32x32 RGB images that bench/colour.py wrote into <mnist-dir> instead.
"""
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path, header):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def conv_bn(cin, cout):  # a same-padded 3x3 convolution with ReLU, then batch normalization (DL4J's decay 0.9, eps 1e-5)
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)]


def network(model, channels=1, side=28):
    if model == "cnn":  # Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10, 93,322 parameters on MNIST
        last = ((side - 2) // 2 - 2) // 2 - 2
        net = nn.Sequential(
            nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(64, 64, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(64 * last * last, 64), nn.ReLU(), nn.Linear(64, 10))
    elif model == "keras":  # Keras's mnist_cnn example: 1,199,882 parameters on MNIST
        net = nn.Sequential(
            nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Dropout(0.25), nn.Flatten(),
            nn.Linear(64 * ((side - 4) // 2) ** 2, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    elif model == "vgg":  # two blocks of two convolutions with batch normalization, pooling, dense 128, dropout
        net = nn.Sequential(
            *conv_bn(channels, 32), *conv_bn(32, 32), nn.MaxPool2d(2),
            *conv_bn(32, 64), *conv_bn(64, 64), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(64 * (side // 4) ** 2, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    elif model == "notebook":  # Conv30-Pool-Dense(200)-Dense64-Dense10
        net = nn.Sequential(
            nn.Conv2d(1, 30, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(30 * 13 * 13, 200), nn.ReLU(), nn.Linear(200, 64), nn.ReLU(), nn.Linear(64, 10))
    else:  # Dense(128, relu) -> Dense(10, softmax)
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    for m in net.modules():  # Glorot uniform weights, zero biases: as the plugin (and Keras) initialise
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return net


def main():
    folder, model, batch, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 42
    epochs = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    lr = float(sys.argv[7]) if len(sys.argv) > 7 else 1e-3
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    t0 = time.perf_counter()
    data = os.environ.get("BENCH_DATA", "mnist")
    rgb = data in ("rgb32", "rgb64")
    channels, side = (3, int(data[3:])) if rgb else (1, 28)
    images = data + "-{}-images" if rgb else "{}-images-idx3-ubyte"
    x = torch.from_numpy(read_idx(f"{folder}/{images.format('train')}", 16).reshape(-1, channels, side, side).astype(np.float32) / 255)
    y = torch.from_numpy(read_idx(f"{folder}/train-labels-idx1-ubyte", 8).astype(np.int64))
    tx = torch.from_numpy(read_idx(f"{folder}/{images.format('t10k')}", 16).reshape(-1, channels, side, side).astype(np.float32) / 255)
    ty = torch.from_numpy(read_idx(f"{folder}/t10k-labels-idx1-ubyte", 8).astype(np.int64))
    load_seconds = time.perf_counter() - t0

    net = network(model, channels, side)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()  # softmax + cross-entropy, as DL4J's softmax output with MCXENT
    shuffle = torch.Generator().manual_seed(seed)
    net.train()
    t_start = time.perf_counter()
    for epoch in range(epochs):
        order = torch.randperm(len(x), generator=shuffle)
        t0 = time.perf_counter()
        for i in range(0, len(x), batch):
            rows = order[i:i + batch]
            optimizer.zero_grad()
            loss = loss_fn(net(x[rows]), y[rows])
            loss.backward()
            optimizer.step()
        epoch_seconds = time.perf_counter() - t0
    train_seconds = time.perf_counter() - t_start

    net.eval()
    t0 = time.perf_counter()
    with torch.no_grad():
        correct = sum((net(tx[i:i + 500]).argmax(1) == ty[i:i + 500]).sum().item() for i in range(0, len(tx), 500))
    eval_seconds = time.perf_counter() - t0
    print(json.dumps({
        "engine": "pytorch", "model": model + ("-" + data if rgb else ""), "batch": batch, "threads": threads, "seed": seed,
        "parameters": sum(p.numel() for p in net.parameters()),
        "epochs": epochs, "trainSeconds": round(train_seconds, 3), "epochSeconds": round(epoch_seconds, 3), "testAccuracy": round(correct / len(tx), 4),
        "loadSeconds": round(load_seconds, 3), "evalSeconds": round(eval_seconds, 3),
        "peakRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "backend": f"torch {torch.__version__}", "blas": blas(),
        "blasThreads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "atenCpuCapability": torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, "cpu") else
        os.environ.get("ATEN_CPU_CAPABILITY", "default")}))


def blas():
    """Which BLAS library torch's matmuls reach: Debian's torch links the generic libblas.so.3, which is the
    reference BLAS unless an alternative such as OpenBLAS provides it."""
    try:
        with open("/proc/self/maps") as f:
            libs = sorted({line.split()[-1].rsplit("/", 1)[-1] for line in f if "blas" in line.lower() and "/" in line})
        return ", ".join(libs) or "none mapped"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    main()
