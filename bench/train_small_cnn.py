#!/usr/bin/python3
"""Train the small CNN written in PyTorch (bench/export_models.py's small_cnn, the engine's built-in small-cnn layer for
layer) on Fashion-MNIST with the worker's pretraining recipe, and export it as TorchScript: the user's own model of
docs/benchmarks.md's "heldout-match with frozen features on a TorchScript model".

The recipe is the worker's (OriginalStage.pretrain, Optimizers.pretrain): pixels (p/255 - 0.2860) / 0.3530 (IdxDataset's
default normalisation), Adam with learning rate 1e-3 (PyTorch's and DJL's default betas and epsilon), batch 128, cross
entropy, a fresh shuffle every epoch, the last partial batch kept, 20 epochs; PyTorch's own initialisation. With
--exclude the model trains on the training images not listed in that file (one index per line, as forget-indices.txt):
the model a user retrains without the forget set.

Usage: /usr/bin/python3 bench/train_small_cnn.py --data DIR --seed S --out FILE.pt [--exclude FILE] [--epochs 20]
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_models import small_cnn  # noqa: E402


def idx(path: str) -> np.ndarray:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(data_dir: str, name: str) -> str:
    for candidate in (name + ".gz", name):
        if os.path.exists(os.path.join(data_dir, candidate)):
            return os.path.join(data_dir, candidate)
    raise SystemExit(f"no {name}(.gz) in {data_dir}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--exclude")
    parser.add_argument("--epochs", type=int, default=20)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    images = idx(find(args.data, "train-images-idx3-ubyte"))
    labels = idx(find(args.data, "train-labels-idx1-ubyte"))
    keep = np.ones(len(labels), dtype=bool)
    if args.exclude:
        with open(args.exclude) as f:
            keep[[int(line) for line in f if line.strip()]] = False
    x = (torch.from_numpy(images[keep].astype(np.float32)) / 255.0 - 0.2860) / 0.3530
    x = x.unsqueeze(1)
    y = torch.from_numpy(labels[keep].astype(np.int64))
    net = small_cnn(1, 10)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        net.train()
        order = torch.randperm(len(y))
        total, correct = 0.0, 0
        for b in range(0, len(y), 128):
            batch = order[b:b + 128]
            optimizer.zero_grad()
            out = net(x[batch])
            loss = loss_fn(out, y[batch])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
            correct += (out.argmax(1) == y[batch]).sum().item()
        print(f"epoch {epoch}: loss {total / len(y):.4f}, accuracy {correct / len(y):.4f}, {time.time() - start:.0f} s",
              file=sys.stderr, flush=True)
    net.eval()
    torch.jit.script(net).save(args.out)
    print(f"wrote {args.out}: {int(keep.sum())} training images, seed {args.seed}, {args.epochs} epochs")


if __name__ == "__main__":
    main()
