#!/usr/bin/env python3
"""Training throughput of a TorchScript classifier in PyTorch (Python side of benchmark 1).

Does what the worker's fine-tuning step does, with the same settings: mini-batches of uint8 images normalised to
float on the fly, the module in training mode, class-weighted cross-entropy (weight 1.0 for class 0, 0.5 for the
others, mean over the batch), SGD with learning rate 0.01, momentum 0.9 and weight decay 5e-4, reshuffled every
epoch. The images are synthetic (seeded random pixels and labels): throughput does not depend on pixel values, and
the Java side uses the same kind of data. Epochs before --warmup-epochs are not timed.

Prints one JSON object: images/s over the timed epochs, per-epoch images/s and resident memory, and the peak
resident set size of the whole process (getrusage ru_maxrss).

Usage: /usr/bin/python3 bench/pytorch_throughput.py --model bench/models/small-cnn.pt --shape 1,28,28 \
         --threads 2 --batch-size 128 --images 5120 --epochs 4 --warmup-epochs 1
"""
import argparse
import json
import os
import resource
import time

import torch


def rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--shape", default="1,28,28", help="C,H,W of one image")
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--interop-threads", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--images", type=int, default=5120, help="images per epoch")
    p.add_argument("--epochs", type=int, default=4, help="epochs in total, warm-up included")
    p.add_argument("--warmup-epochs", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    if args.epochs <= args.warmup_epochs:
        raise SystemExit("--epochs must be larger than --warmup-epochs")

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.interop_threads)
    torch.manual_seed(args.seed)
    c, h, w = (int(v) for v in args.shape.split(","))

    gen = torch.Generator().manual_seed(args.seed)
    pixels = torch.randint(0, 256, (args.images, c, h, w), dtype=torch.uint8, generator=gen)
    labels = torch.randint(0, args.classes, (args.images,), dtype=torch.int64, generator=gen)
    mean = torch.full((1, c, 1, 1), 0.5)
    std = torch.full((1, c, 1, 1), 0.25)
    weights = torch.full((args.classes,), 0.5)
    weights[0] = 1.0

    model = torch.jit.load(args.model)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)

    epochs = []
    timed_images = 0
    timed_seconds = 0.0
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(args.images, generator=gen)
        start = time.perf_counter()
        loss_sum = 0.0
        for b in range(0, args.images, args.batch_size):
            idx = order[b:b + args.batch_size]
            x = (pixels[idx].float() / 255.0 - mean) / std
            y = labels[idx]
            logits = model(x)
            loss = -(torch.log_softmax(logits, dim=1).gather(1, y.unsqueeze(1)).squeeze(1) * weights[y]).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            loss_sum += float(loss) * len(idx)
        seconds = time.perf_counter() - start
        warmup = epoch <= args.warmup_epochs
        if not warmup:
            timed_images += args.images
            timed_seconds += seconds
        epochs.append({"epoch": epoch, "warmup": warmup, "seconds": round(seconds, 3),
                       "imagesPerSecond": round(args.images / seconds, 1), "loss": round(loss_sum / args.images, 4),
                       "rssMiB": round(rss_kib() / 1024, 1)})

    print(json.dumps({
        "side": "pytorch-python",
        "torch": torch.__version__,
        "ldPreload": os.environ.get("LD_PRELOAD", ""),
        "model": args.model,
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "batchSize": args.batch_size,
        "imagesPerEpoch": args.images,
        "timedEpochs": args.epochs - args.warmup_epochs,
        "imagesPerSecond": round(timed_images / timed_seconds, 1),
        "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "epochs": epochs,
    }))


if __name__ == "__main__":
    main()
