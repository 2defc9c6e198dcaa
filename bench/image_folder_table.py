"""Tables of a bench/run-image-folder.sh result directory (argument): throughput per round, memory per run."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]


def read(name):
    with open(os.path.join(out, name + ".json")) as f:
        run = json.load(f)
    with open(os.path.join(out, name + ".maxrss")) as f:
        run["timeMaxRssMiB"] = int(f.read().split()[-1]) / 1024
    with open(os.path.join(out, name + ".uptime")) as f:
        run["uptime"] = f.read().split("load average:")[1].strip()
    return run


inter = read("interleaved")
timed = [e for e in inter["epochs"] if not e["warmup"]]
rounds = sorted({e["round"] for e in timed})
by = {(e["round"], e["format"]): e for e in timed}
print(f"Throughput: {inter['architecture']}, batch {inter['batchSize']}, {inter['threads']} PyTorch threads, "
      f"{inter['imagesPerEpoch']} random training images per epoch, {len(rounds)} timed rounds "
      f"(+{inter['warmupRounds']} warm-up); load before: {inter['uptime']}")
print()
print("| round | order | IDX images/s | folder images/s | ratio | IDX CPU ms/image | folder CPU ms/image | load (1 min) |")
print("|---|---|---|---|---|---|---|---|")
ratios, cpu_ratios = [], []
for r in rounds:
    i, f = by[(r, "idx")], by[(r, "image-folder")]
    ratio = f["imagesPerSecond"] / i["imagesPerSecond"]
    ratios.append(ratio)
    cpu_ratios.append(f["cpuMsPerImage"] / i["cpuMsPerImage"])
    order = "IDX, folder" if r % 2 == 1 else "folder, IDX"
    print(f"| {r} | {order} | {i['imagesPerSecond']:.0f} | {f['imagesPerSecond']:.0f} | {ratio:.2f}x | "
          f"{i['cpuMsPerImage']:.2f} | {f['cpuMsPerImage']:.2f} | {i['loadAverage1m']:.1f} / {f['loadAverage1m']:.1f} |")


def total(fmt):
    es = [e for e in timed if e["format"] == fmt]
    return len(es) * inter["imagesPerEpoch"] / sum(e["seconds"] for e in es)


ti, tf = total("idx"), total("image-folder")
print()
print(f"- images/s over all timed rounds: IDX {ti:.0f}, folder {tf:.0f}, ratio {tf / ti:.2f}x; per-round ratio "
      f"median {statistics.median(ratios):.2f}x, min {min(ratios):.2f}x, max {max(ratios):.2f}x")
print(f"- CPU time per image, folder / IDX: median {statistics.median(cpu_ratios):.2f}, "
      f"min {min(cpu_ratios):.2f}, max {max(cpu_ratios):.2f}")
print(f"- load seconds: IDX {inter['idxLoadSeconds']}, folder (60,000 + 10,000 files) {inter['image-folderLoadSeconds']}")
print(f"- peak RSS of this two-dataset JVM: {inter['timeMaxRssMiB']:.0f} MiB")
print()

names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(out, "*.json")) if "interleaved" not in p)
runs = {n: read(n) for n in names}
print("| run | training images | peak RSS MiB (VmHWM) | peak RSS MiB (GNU time) | heap max MiB | images/s | load before |")
print("|---|---|---|---|---|---|---|")
for n, v in runs.items():
    print(f"| {n} | {v['trainImages']} | {v['peakRssMiB']:.0f} | {v['timeMaxRssMiB']:.0f} | {v['maxHeapMiB']:.0f} | "
          f"{v['imagesPerSecond']:.0f} | {v['uptime']} |")
small = [v["peakRssMiB"] for n, v in runs.items() if n.startswith("folder-10k")]
large = [v["peakRssMiB"] for n, v in runs.items() if n.startswith("folder-60k")]
if small and large:
    print()
    print(f"- peak RSS 60k / 10k: {max(large) / max(small):.3f} (highest of each), "
          f"{statistics.median(large) / statistics.median(small):.3f} (medians)")
