#!/usr/bin/env bash
# Image-folder throughput and memory: the worker's fine-tuning on Fashion-MNIST read as PNG files (format image-folder,
# streamed: decoded by a thread pool ahead of the training loop) next to the same images read as IDX files (held in
# memory), same settings, in one run so both see the same load; and the peak memory of a 60,000-image folder next to a
# 10,000-image one.
#
#   bench/run-image-folder.sh                   # 2 repeats, 1 warm-up + 2 timed epochs of the 60,000 training images
#   IMAGES=12800 REPEATS=1 bench/run-image-folder.sh   # epochs of a random 12,800 of them (a busy machine)
#
# Goals (issue 10): image-folder >= 0.9x the in-memory images/s; peak RSS of the 60,000-image folder within 10% of the
# 10,000-image folder's. The folders are written once by src/test/resources/imagefolder/fashion_mnist_folder.py into
# bench/data/ (gitignored; 70,000 + 20,000 PNG files). Needs dataset-fashion-mnist, python3-pil, libtcmalloc-minimal4,
# a JDK 17 and Maven. Results: bench/results/image-folder-<UTC time>/ (one JSON per run) and a table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
REPEATS=${REPEATS:-2}
EPOCHS=${EPOCHS:-3}
WARMUP=${WARMUP:-1}
THREADS=${THREADS:-2}
BATCH=${BATCH:-128}
IMAGES=${IMAGES:-0}
ARCH=${ARCH:-small-cnn}   # or resnet18 (with IMAGES=1280 or so: it trains ~100x slower per image)
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

require_fashion_mnist "$DATA"
require_tcmalloc ""
"$PYTHON" -c 'import PIL' 2>/dev/null || { echo "Pillow for $PYTHON is missing: apt-get install -y python3-pil" >&2; exit 1; }

OUT=bench/results/image-folder-$ARCH-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT" bench/data
MAKE=src/test/resources/imagefolder/fashion_mnist_folder.py
# Class folders 0..9 and file names = IDX record numbers: the folder holds exactly the IDX images.
[ -f bench/data/fmnist-png-60k/.complete ] || {
  rm -rf bench/data/fmnist-png-60k
  "$PYTHON" "$MAKE" "$DATA" bench/data/fmnist-png-60k --train 60000 --test 10000 --class-names digits
  touch bench/data/fmnist-png-60k/.complete; }
[ -f bench/data/fmnist-png-10k/.complete ] || {
  rm -rf bench/data/fmnist-png-10k
  "$PYTHON" "$MAKE" "$DATA" bench/data/fmnist-png-10k --train 10000 --test 10000 --class-names digits
  touch bench/data/fmnist-png-10k/.complete; }

bench_classpath "$OUT" runtime
{
  bench/machine-info.sh
  echo "JAVA_OPTS: $JAVA_OPTS"
  echo "MALLOC_ARENA_MAX: $MALLOC_ARENA_MAX"
  echo "LD_PRELOAD: $TCMALLOC"
} | tee "$OUT/machine.txt"

run() { # name format dir
  echo "== $1" >&2
  # shellcheck disable=SC2086
  LD_PRELOAD=$TCMALLOC java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.ImageFolderBenchmark --format "$2" --data "$3" \
    --threads "$THREADS" --batch-size "$BATCH" --epochs "$EPOCHS" --warmup-epochs "$WARMUP" --images-per-epoch "$IMAGES" \
    --architecture "$ARCH" \
    > "$OUT/$1.json"
}
for r in $(seq 1 "$REPEATS"); do
  # Alternate the order between repeats so neither side always runs first.
  if [ $((r % 2)) -eq 1 ]; then
    run "idx-60k-$r" idx "$DATA"; run "folder-60k-$r" image-folder bench/data/fmnist-png-60k
  else
    run "folder-60k-$r" image-folder bench/data/fmnist-png-60k; run "idx-60k-$r" idx "$DATA"
  fi
  run "folder-10k-$r" image-folder bench/data/fmnist-png-10k
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

"$PYTHON" - "$OUT" <<'PY' | tee "$OUT/table.md"
import glob, json, os, sys
out = sys.argv[1]
runs = {os.path.basename(p)[:-5]: json.load(open(p)) for p in sorted(glob.glob(os.path.join(out, "*.json")))}
repeats = sorted({int(k.rsplit("-", 1)[1]) for k in runs})
print("| run | IDX in memory images/s | image folder images/s | ratio | IDX peak RSS MiB | folder 60k peak RSS MiB "
      "| folder 10k peak RSS MiB | 60k / 10k | folder load s (60k) |")
print("|---|---|---|---|---|---|---|---|---|")
for r in repeats:
    i, f, s = runs[f"idx-60k-{r}"], runs[f"folder-60k-{r}"], runs[f"folder-10k-{r}"]
    print(f"| {r} | {i['imagesPerSecond']:.0f} | {f['imagesPerSecond']:.0f} | "
          f"{f['imagesPerSecond'] / i['imagesPerSecond']:.2f}x | {i['peakRssMiB']:.0f} | {f['peakRssMiB']:.0f} | "
          f"{s['peakRssMiB']:.0f} | {f['peakRssMiB'] / s['peakRssMiB']:.3f} | {f['loadSeconds']:.1f} |")
print()
for k, v in runs.items():
    print(f"- {k}: images/s per epoch {[e['imagesPerSecond'] for e in v['epochs']]}, "
          f"RSS MiB {[e['rssMiB'] for e in v['epochs']]}, loss {[e['loss'] for e in v['epochs']]}")
PY
