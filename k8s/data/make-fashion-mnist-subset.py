#!/usr/bin/env python3
"""Writes the Fashion-MNIST subset bundled with the repository.

Source: Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist), which installs the
original IDX gz files in /usr/share/datasets/fashion-mnist/. The subset keeps the first TRAIN training
records and the first TEST test records (the files are already shuffled, so every class is represented),
in the same IDX format, gzip-compressed with a fixed mtime so reruns produce identical bytes.

Usage: python3 k8s/data/make-fashion-mnist-subset.py [SOURCE_DIR] [OUT_DIR] [TRAIN] [TEST]
"""
import gzip
import struct
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).parent / "fashion-mnist-10k")
TRAIN = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
TEST = int(sys.argv[4]) if len(sys.argv) > 4 else 2000


def subset(name: str, count: int) -> None:
    data = gzip.open(SRC / name, "rb").read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    if count > dims[0]:
        raise SystemExit(f"{name}: asked for {count} records, file has {dims[0]}")
    record = 1
    for d in dims[1:]:
        record *= d
    header = 4 + 4 * ndim
    dims[0] = count
    out = struct.pack(">I", magic) + struct.pack(">" + "I" * ndim, *dims) + data[header:header + count * record]
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / name, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(out)
    print(f"{OUT / name}: {count} records")


subset("train-images-idx3-ubyte.gz", TRAIN)
subset("train-labels-idx1-ubyte.gz", TRAIN)
subset("t10k-images-idx3-ubyte.gz", TEST)
subset("t10k-labels-idx1-ubyte.gz", TEST)
