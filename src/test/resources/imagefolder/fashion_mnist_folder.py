#!/usr/bin/python3
"""Writes Fashion-MNIST IDX files out as an image folder in torchvision's ImageFolder layout.

OUT/train/<class name>/<idx>.png and OUT/test/<class name>/<idx>.png (or val/), where <idx> is the zero-padded
record number in the IDX file and the class names are Fashion-MNIST's (so their sorted order, which gives the class
index, differs from the IDX label order). --mode grey writes 8-bit grey PNGs, --mode tinted RGB PNGs whose grey
image is multiplied by a colour of its class. Used by the tests and by bench/run-image-folder.sh.

Usage: /usr/bin/python3 fashion_mnist_folder.py IDX_DIR OUT_DIR [--train N --test M | --per-class K] [--mode grey|tinted]
       [--test-name test|val] [--class-names fashion|digits]
Needs Pillow (Debian: python3-pil).
"""
import argparse
import gzip
import struct
from pathlib import Path

from PIL import Image

FASHION = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
TINTS = [(1.0, 0.3, 0.3), (0.3, 1.0, 0.3), (0.3, 0.3, 1.0), (1.0, 1.0, 0.3), (1.0, 0.3, 1.0),
         (0.3, 1.0, 1.0), (1.0, 0.6, 0.2), (0.6, 0.2, 1.0), (0.2, 0.6, 0.4), (0.8, 0.8, 0.8)]


def read_idx(path: Path) -> tuple:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def find(idx_dir: Path, base: str) -> Path:
    for name in (base, base + ".gz"):
        if (idx_dir / name).exists():
            return idx_dir / name
    raise SystemExit(f"{idx_dir}: no {base}[.gz]")


def write_split(idx_dir: Path, prefix: str, out: Path, count: int, per_class: int, mode: str, names: list) -> None:
    (n, rows, cols), pixels = read_idx(find(idx_dir, prefix + "-images-idx3-ubyte"))
    _, labels = read_idx(find(idx_dir, prefix + "-labels-idx1-ubyte"))
    if per_class:
        seen = [0] * len(names)
        chosen = []
        for i in range(n):
            if seen[labels[i]] < per_class:
                seen[labels[i]] += 1
                chosen.append(i)
    else:
        chosen = range(min(count, n))
    for name in names:
        (out / name).mkdir(parents=True, exist_ok=True)
    size = rows * cols
    for i in chosen:
        grey = Image.frombytes("L", (cols, rows), pixels[i * size:(i + 1) * size])
        label = labels[i]
        if mode == "tinted":
            tint = TINTS[label]
            image = Image.merge("RGB", [grey.point(lambda p, t=t: round(p * t)) for t in tint])
        else:
            image = grey
        image.save(out / names[label] / f"{i:05d}.png")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("idx_dir", type=Path)
    p.add_argument("out_dir", type=Path)
    p.add_argument("--train", type=int, default=60000)
    p.add_argument("--test", type=int, default=10000)
    p.add_argument("--per-class", type=int, default=0, help="instead of --train/--test: the first K of each class")
    p.add_argument("--mode", choices=["grey", "tinted"], default="grey")
    p.add_argument("--test-name", choices=["test", "val"], default="test")
    p.add_argument("--class-names", choices=["fashion", "digits"], default="fashion")
    a = p.parse_args()
    names = FASHION if a.class_names == "fashion" else [str(d) for d in range(10)]
    write_split(a.idx_dir, "train", a.out_dir / "train", a.train, a.per_class, a.mode, names)
    write_split(a.idx_dir, "t10k", a.out_dir / a.test_name, a.test, a.per_class, a.mode, names)


if __name__ == "__main__":
    main()
