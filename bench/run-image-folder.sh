#!/usr/bin/env bash
# Image-folder throughput and memory (issue 10): the worker's fine-tuning on Fashion-MNIST read as PNG files (format
# image-folder, streamed: decoded by a thread pool ahead of the training loop) next to the same images read as IDX
# files (held in memory), same settings; and the peak memory of a 60,000-image folder next to a 10,000-image one.
#
#   bench/run-image-folder.sh                          # 1 warm-up + 6 timed rounds of 5,000 images, 2 memory repeats
#   IMAGES=2560 ROUNDS=5 RSS_REPEATS=1 bench/run-image-folder.sh   # shorter
#
# 1. Throughput, one JVM (InterleavedImageBenchmark): both datasets loaded, one network each (same seed), epochs of
#    a random IMAGES training images alternated IDX/folder, folder/IDX, ... so that the load of a shared machine hits
#    both alike; wall-clock images/s, process CPU ms per image and the load average of every epoch.
# 2. Peak memory, one JVM per run (ImageFolderBenchmark): the 10,000- and the 60,000-image folder, alternated, each
#    training RSS_EPOCHS epochs of the same IMAGES images per epoch; peak RSS from the process's VmHWM and, as a
#    cross-check, from /usr/bin/time. One IDX run for comparison.
#
# Goals: image-folder >= 0.9x the in-memory images/s; peak RSS of the 60,000-image folder within 10% of the
# 10,000-image folder's. The folders are written once by src/test/resources/imagefolder/fashion_mnist_folder.py into
# bench/data/ (gitignored; 70,000 + 20,000 PNG files). Needs dataset-fashion-mnist, python3-pil, libtcmalloc-minimal4,
# GNU time, a JDK 17 and Maven. Results: bench/results/image-folder-<arch>-<UTC time>/ (JSON per run, table.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
IMAGES=${IMAGES:-5000}
ROUNDS=${ROUNDS:-7}
WARMUP=${WARMUP:-1}
RSS_REPEATS=${RSS_REPEATS:-2}
RSS_EPOCHS=${RSS_EPOCHS:-2}
THREADS=${THREADS:-2}
BATCH=${BATCH:-128}
ARCH=${ARCH:-small-cnn}   # or resnet18 (with IMAGES=640 or so: it trains ~100x slower per image)
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

require_fashion_mnist "$DATA"
require_tcmalloc ""
"$PYTHON" -c 'import PIL' 2>/dev/null || { echo "Pillow for $PYTHON is missing: apt-get install -y python3-pil" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 1; }

OUT=bench/results/image-folder-$ARCH-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT" bench/data
MAKE=src/test/resources/imagefolder/fashion_mnist_folder.py
# Class folders 0..9 and file names = IDX record numbers: the folder holds exactly the IDX images.
for n in 60 10; do
  [ -f "bench/data/fmnist-png-${n}k/.complete" ] || {
    rm -rf "bench/data/fmnist-png-${n}k"
    "$PYTHON" "$MAKE" "$DATA" "bench/data/fmnist-png-${n}k" --train "${n}000" --test 10000 --class-names digits
    touch "bench/data/fmnist-png-${n}k/.complete"; }
done

bench_classpath "$OUT" runtime
{
  bench/machine-info.sh
  echo "JAVA_OPTS: $JAVA_OPTS"
  echo "MALLOC_ARENA_MAX: $MALLOC_ARENA_MAX"
  echo "LD_PRELOAD: $TCMALLOC"
  echo "settings: IMAGES=$IMAGES ROUNDS=$ROUNDS WARMUP=$WARMUP RSS_REPEATS=$RSS_REPEATS RSS_EPOCHS=$RSS_EPOCHS THREADS=$THREADS BATCH=$BATCH ARCH=$ARCH"
} | tee "$OUT/machine.txt"

java_run() { # name main-class args...: one JVM; its uptime before and GNU time's peak RSS (KiB) beside its JSON
  local name=$1; shift
  echo "== $name: $(uptime)" >&2
  uptime > "$OUT/$name.uptime"
  # shellcheck disable=SC2086
  LD_PRELOAD=$TCMALLOC /usr/bin/time -f '%M' -o "$OUT/$name.maxrss" java $JAVA_OPTS -cp "$CP" "$@" > "$OUT/$name.json"
}

java_run interleaved dev.unlearning.bench.InterleavedImageBenchmark --idx "$DATA" \
  --folder bench/data/fmnist-png-60k --threads "$THREADS" --batch-size "$BATCH" --images-per-epoch "$IMAGES" \
  --rounds "$ROUNDS" --warmup-rounds "$WARMUP" --architecture "$ARCH"

memory_run() { # name format dir
  java_run "$1" dev.unlearning.bench.ImageFolderBenchmark --format "$2" --data "$3" --threads "$THREADS" \
    --batch-size "$BATCH" --epochs "$RSS_EPOCHS" --warmup-epochs 1 --images-per-epoch "$IMAGES" --architecture "$ARCH"
}
for r in $(seq 1 "$RSS_REPEATS"); do
  # Alternate the order between repeats so neither size always runs first.
  if [ $((r % 2)) -eq 1 ]; then
    memory_run "folder-10k-$r" image-folder bench/data/fmnist-png-10k
    memory_run "folder-60k-$r" image-folder bench/data/fmnist-png-60k
  else
    memory_run "folder-60k-$r" image-folder bench/data/fmnist-png-60k
    memory_run "folder-10k-$r" image-folder bench/data/fmnist-png-10k
  fi
done
memory_run idx-60k idx "$DATA"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

"$PYTHON" bench/image_folder_table.py "$OUT" | tee "$OUT/table.md"
