#!/usr/bin/env python3
"""Prints the Markdown table of a bench/run-throughput.sh result directory: images/s and peak RSS of each side and
the worker/PyTorch ratios (per repeat, pairing the Java and Python runs of the same repeat), plus the worker's
resident memory per epoch to show that native memory stays flat."""
import glob
import json
import os
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def main() -> None:
    out = sys.argv[1]
    print("| model | run | threads | batch | PyTorch images/s | worker images/s | ratio | PyTorch peak RSS MiB "
          "| worker peak RSS MiB | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    flat = []
    for py_file in sorted(glob.glob(os.path.join(out, "*-python-*.json"))):
        name = os.path.basename(py_file)
        model, run = name[:name.index("-python-")], name[name.rindex("-") + 1:-5]
        java_file = os.path.join(out, f"{model}-java-{run}.json")
        if not os.path.exists(java_file):
            continue
        py, jv = load(py_file), load(java_file)
        print(f"| {model} | {run} | {jv['threads']} | {jv['batchSize']} | {py['imagesPerSecond']:.0f} "
              f"| {jv['imagesPerSecond']:.0f} | {jv['imagesPerSecond'] / py['imagesPerSecond']:.2f}x "
              f"| {py['peakRssMiB']:.0f} | {jv['peakRssMiB']:.0f} | {jv['peakRssMiB'] / py['peakRssMiB']:.2f}x |")
        flat.append((model, run, jv, py))
    print()
    print("Resident memory (VmRSS, MiB) after each epoch; worker / PyTorch:")
    print()
    for model, run, jv, py in flat:
        w = " ".join(f"{e['rssMiB']:.0f}" for e in jv["epochs"])
        p = " ".join(f"{e['rssMiB']:.0f}" for e in py["epochs"])
        arrays = " ".join(str(e["liveNdArrays"]) for e in jv["epochs"])
        print(f"- {model} run {run}: worker {w}; PyTorch {p}; worker live NDArrays per epoch {arrays}")


if __name__ == "__main__":
    main()
