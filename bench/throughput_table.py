#!/usr/bin/env python3
"""Prints the Markdown tables of a bench/run-throughput.sh result directory.

Files are <model>-<side>-<allocator>-<repeat>.json (side: java = the worker, python = PyTorch). For every model and
repeat: images/s and peak resident memory of each side under each allocator, the worker/PyTorch ratio with the same
allocator on both sides, and the headline ratio of the worker as shipped (tcmalloc) against PyTorch as a plain
`python3` runs it (glibc). Then the resident memory after every epoch, to show that native memory stays flat.
"""
import glob
import json
import os
import re
import sys

NAME = re.compile(r"^(?P<model>.+)-(?P<side>javaasread|java|python)-(?P<alloc>[a-z]+)-(?P<run>\d+)\.json$")


def main() -> None:
    out = sys.argv[1]
    runs = {}
    for path in sorted(glob.glob(os.path.join(out, "*.json"))):
        m = NAME.match(os.path.basename(path))
        if m:
            with open(path) as f:
                runs[(m["model"], int(m["run"]), m["alloc"], m["side"])] = json.load(f)
    allocs = sorted({k[2] for k in runs})
    keys = sorted({(k[0], k[1]) for k in runs})

    if any(k[3] == "javaasread" for k in runs):
        cache_table(runs, keys, allocs)
    if not any(k[3] == "python" for k in runs):
        return
    print("Images per second (batch 128, 2 threads), worker / PyTorch ratio with the same allocator on both sides:")
    print()
    print("| model | run | allocator | PyTorch images/s | worker images/s | ratio | PyTorch peak RSS MiB "
          "| worker peak RSS MiB | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for model, run in keys:
        for alloc in allocs:
            py, jv = runs.get((model, run, alloc, "python")), runs.get((model, run, alloc, "java"))
            if py and jv:
                print(f"| {model} | {run} | {alloc} | {py['imagesPerSecond']:.0f} | {jv['imagesPerSecond']:.0f} "
                      f"| {jv['imagesPerSecond'] / py['imagesPerSecond']:.2f}x | {py['peakRssMiB']:.0f} "
                      f"| {jv['peakRssMiB']:.0f} | {jv['peakRssMiB'] / py['peakRssMiB']:.2f}x |")

    shipped = [(m, r) for m, r in keys if (m, r, "tcmalloc", "java") in runs and (m, r, "glibc", "python") in runs]
    if shipped:
        print()
        print("The worker as shipped (tcmalloc) against PyTorch as a plain python3 runs it (glibc):")
        print()
        print("| model | run | PyTorch (glibc) images/s | worker (tcmalloc) images/s | ratio "
              "| PyTorch peak RSS MiB | worker peak RSS MiB | ratio |")
        print("|---|---|---|---|---|---|---|---|")
        for model, run in shipped:
            py, jv = runs[(model, run, "glibc", "python")], runs[(model, run, "tcmalloc", "java")]
            print(f"| {model} | {run} | {py['imagesPerSecond']:.0f} | {jv['imagesPerSecond']:.0f} "
                  f"| {jv['imagesPerSecond'] / py['imagesPerSecond']:.2f}x | {py['peakRssMiB']:.0f} "
                  f"| {jv['peakRssMiB']:.0f} | {jv['peakRssMiB'] / py['peakRssMiB']:.2f}x |")

    print()
    print("Resident memory (VmRSS, MiB) after each epoch (the first is the untimed warm-up):")
    print()
    for model, run in keys:
        for alloc in allocs:
            jv, py = runs.get((model, run, alloc, "java")), runs.get((model, run, alloc, "python"))
            if jv and py:
                w = " ".join(f"{e['rssMiB']:.0f}" for e in jv["epochs"])
                p = " ".join(f"{e['rssMiB']:.0f}" for e in py["epochs"])
                arrays = " ".join(str(e["liveNdArrays"]) for e in jv["epochs"])
                print(f"- {model} run {run}, {alloc}: worker {w}; PyTorch {p}; worker live NDArrays {arrays}")


def cache_table(runs, keys, allocs) -> None:
    """The worker with oneDNN's cache sizes corrected (as shipped) against the same run with them as oneDNN read them."""
    def cell(r):
        if r is None:
            return "-"
        if r.get("crashed"):
            return f"crashed (exit code {r['exitCode']})"
        return f"{r['imagesPerSecond']:.1f}"
    print("Worker images/s with oneDNN's cache sizes as shipped (corrected where oneDNN read 1-byte caches) and as "
          "oneDNN read them (-Dunlearning.onednn-cache-fix=false), side by side:")
    print()
    print("| model | run | allocator | cache check | as shipped | as read | shipped / read |")
    print("|---|---|---|---|---|---|---|")
    for model, run in keys:
        for alloc in allocs:
            fixed, read = runs.get((model, run, alloc, "java")), runs.get((model, run, alloc, "javaasread"))
            if fixed is None and read is None:
                continue
            check = (fixed or {}).get("onednnCacheCheck", "-")
            ratio = "-"
            if fixed and read and not fixed.get("crashed") and not read.get("crashed"):
                ratio = f"{fixed['imagesPerSecond'] / read['imagesPerSecond']:.2f}x"
            print(f"| {model} | {run} | {alloc} | {check} | {cell(fixed)} | {cell(read)} | {ratio} |")
    print()


if __name__ == "__main__":
    main()
