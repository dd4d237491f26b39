#!/usr/bin/env python3
"""The recipes of run_accuracy.py in PyTorch, on the same machine, for the side-by-side column of accuracy.md.

Same network (LeNet-5 and CifarNet from ../shared/peer/peer_models.py; ResNet-9 defined here as in
Models/Architectures/ResNet9.cs), same data from ../shared/data, same recipe: SGD with Nesterov momentum, weight decay
(optionally sparing 1-D parameters), the learning rate set every step (cosine, or one-cycle as torch's OneCycleLR),
label smoothing, per-image random crop from zero padding after normalisation and random flips, per-channel mean/std
of the training images, 2 threads. A validation fraction is held out at random (not stratified) and not used for
choosing an epoch: the test accuracy is the last epoch's. Run with Debian's interpreter (see ../shared/peer/README.md):

    /usr/bin/python3 benchmarks/accuracy/pytorch_recipes.py --only cifar10_cifarnet
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "peer"))
sys.path.insert(0, HERE)
import peer_models as pm  # noqa: E402
from run_accuracy import JSON_PATH, ROWS, load, save, write_markdown  # noqa: E402


def conv_bn_relu(i, o):
    return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True))


class ResNet9(nn.Module):
    def __init__(self, width, in_channels, classes):
        super().__init__()
        w = width
        self.prep = conv_bn_relu(in_channels, w)
        self.layer1 = nn.Sequential(conv_bn_relu(w, 2 * w), nn.MaxPool2d(2))
        self.res1 = nn.Sequential(conv_bn_relu(2 * w, 2 * w), conv_bn_relu(2 * w, 2 * w))
        self.layer2 = nn.Sequential(conv_bn_relu(2 * w, 4 * w), nn.MaxPool2d(2))
        self.layer3 = nn.Sequential(conv_bn_relu(4 * w, 8 * w), nn.MaxPool2d(2))
        self.res3 = nn.Sequential(conv_bn_relu(8 * w, 8 * w), conv_bn_relu(8 * w, 8 * w))
        self.fc = nn.Linear(8 * w, classes, bias=False)

    def forward(self, x):
        x = self.layer1(self.prep(x))
        x = x + self.res1(x)
        x = self.layer3(self.layer2(x))
        x = x + self.res3(x)
        return self.fc(x.amax((2, 3))) * 0.125


def flag(flags, name, default=None):
    return flags[flags.index(name) + 1] if name in flags else default


def network(flags, channels):
    arch = flag(flags, "--arch")
    if arch == "lenet5_relu":
        return pm.lenet5_relu()
    if arch == "cifarnet":
        return pm.CifarNet()
    if arch == "resnet9":
        width = int(next(s.split("=")[1] for s in flags[1:] if s.startswith("width=")))
        return ResNet9(width, channels, 10)
    raise SystemExit(f"no PyTorch twin for {arch}")


def read_idx(path):
    raw = gzip.open(path).read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_data(data_root, data_set):
    folder = os.path.join(data_root, data_set)
    if data_set == "cifar10":
        def part(names):
            raw = b"".join(gzip.open(os.path.join(folder, n + ".bin.gz")).read() for n in names)
            a = np.frombuffer(raw, np.uint8).reshape(-1, 3073)
            return torch.from_numpy(a[:, 1:].reshape(-1, 3, 32, 32).copy()), torch.from_numpy(a[:, 0].astype(np.int64))
        return part([f"data_batch_{i}" for i in range(1, 6)]), part(["test_batch"])

    def part(prefix):
        x = read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"))
        return torch.from_numpy(x.copy()).unsqueeze(1), torch.from_numpy(y.astype(np.int64))
    return part("train"), part("t10k")


def learning_rate(schedule, peak, step, total):
    t = min(step / total, 1.0)
    if schedule == "cosine":
        return peak * 0.5 * (1 + math.cos(math.pi * t))
    start, end = peak / 25, peak / 25 / 1e4
    if t < 0.3:
        return peak + (start - peak) * 0.5 * (1 + math.cos(math.pi * t / 0.3))
    return end + (peak - end) * 0.5 * (1 + math.cos(math.pi * (t - 0.3) / 0.7))


def augment(x, padding, flip):
    n, c, h, w = x.shape
    if flip:
        mask = torch.rand(n) < 0.5
        x = torch.where(mask.view(n, 1, 1, 1), x.flip(3), x)
    if padding:
        padded = nn.functional.pad(x, (padding,) * 4)
        rows = (torch.randint(0, 2 * padding + 1, (n, 1)) + torch.arange(h)).view(n, 1, h, 1)
        cols = (torch.randint(0, 2 * padding + 1, (n, 1)) + torch.arange(w)).view(n, 1, 1, w)
        x = padded[torch.arange(n).view(n, 1, 1, 1), torch.arange(c).view(1, c, 1, 1), rows, cols]
    return x


def run(name, data_root):
    data_set, _, _, flags = ROWS[name]
    torch.set_num_threads(2)
    torch.manual_seed(1)
    (xtr, ytr), (xte, yte) = load_data(data_root, data_set)
    if flag(flags, "--val-fraction"):
        keep = torch.randperm(len(xtr))[int(len(xtr) * float(flag(flags, "--val-fraction"))):]
        xtr, ytr = xtr[keep], ytr[keep]
    channels = xtr.shape[1]
    scaled = xtr.float() / 255
    mean = scaled.mean((0, 2, 3), keepdim=True)
    std = scaled.std((0, 2, 3), keepdim=True)
    del scaled
    model = network(flags, channels)
    epochs, batch, peak = int(flag(flags, "--epochs")), int(flag(flags, "--batch-size")), float(flag(flags, "--lr"))
    wd = float(flag(flags, "--weight-decay", "5e-4"))
    exempt = "--no-decay-norm-bias" in flags
    groups = [{"params": [p for p in model.parameters() if p.dim() > 1 or not exempt], "weight_decay": wd}]
    if exempt:
        groups.append({"params": [p for p in model.parameters() if p.dim() <= 1], "weight_decay": 0})
    optimizer = torch.optim.SGD(groups, lr=peak, momentum=float(flag(flags, "--momentum", "0.9")), nesterov="--nesterov" in flags)
    smoothing = float(flag(flags, "--label-smoothing", "0"))
    padding, flip = int(flag(flags, "--crop-padding", "0")), "--flip" in flags
    schedule = flag(flags, "--schedule", "cosine")
    n = len(xtr)
    steps = n // batch + (1 if n % batch >= 2 else 0)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(n)
        for s in range(steps):
            for g in optimizer.param_groups:
                g["lr"] = learning_rate(schedule, peak, epoch * steps + s, epochs * steps)
            index = order[s * batch:(s + 1) * batch]
            x = augment((xtr[index].float() / 255 - mean) / std, padding, flip)
            loss = nn.functional.cross_entropy(model(x), ytr[index], label_smoothing=smoothing)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(f"{name}: epoch {epoch + 1}/{epochs} loss {loss.item():.4f} {time.time() - start:.0f} s", flush=True)
    train_seconds = time.time() - start
    model.eval()
    correct = 0
    with torch.no_grad():
        for s in range(0, len(xte), 1000):
            correct += (model((xte[s:s + 1000].float() / 255 - mean) / std).argmax(1) == yte[s:s + 1000]).sum().item()
    return {"test_accuracy": correct / len(xte), "train_seconds": round(train_seconds, 1), "torch": torch.__version__,
            "measured": time.strftime("%Y-%m-%d %H:%M", time.gmtime())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", required=True, help="comma-separated row names of run_accuracy.py")
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    args = parser.parse_args()
    for name in args.only.split(","):
        result = run(name, os.path.abspath(args.data))
        results = load(JSON_PATH)
        results["pytorch"][name] = result
        save(results)
        write_markdown(results)
        print(name, result, flush=True)


if __name__ == "__main__":
    main()
