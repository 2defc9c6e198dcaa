#!/usr/bin/env bash
# Cost of the evidence record's dataset digest (issue 24) on Fashion-MNIST as an image folder: 60,000 training and
# 10,000 test PNG files. Measures, in one JVM after a warm-up, the folder's listing alone (what the run indexes anyway)
# and the whole digest (listing + SHA-256 of each file, 2 threads); then the same digest with coreutils, as an auditor
# recomputes it (find | sort | xargs sha256sum | sha256sum), warm page cache too. The two digests must be equal.
#
#   bench/run-dataset-digest.sh
#
# The folder is written once by src/test/resources/imagefolder/fashion_mnist_folder.py into bench/data/ (gitignored).
# Needs dataset-fashion-mnist, python3-pil, a JDK 17 and Maven. Results: bench/results/dataset-digest-<UTC time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
PYTHON=${PYTHON:-/usr/bin/python3}
FOLDER=bench/data/fmnist-png-60k
require_fashion_mnist "$DATA"
OUT=bench/results/dataset-digest-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT" bench/data
[ -f "$FOLDER/.complete" ] || {
  rm -rf "$FOLDER"
  "$PYTHON" src/test/resources/imagefolder/fashion_mnist_folder.py "$DATA" "$FOLDER" --train 60000 --test 10000 \
    --class-names digits
  touch "$FOLDER/.complete"; }

bench_classpath "$OUT" runtime
{
  bench/machine-info.sh
  java -cp "$CP" dev.unlearning.bench.DatasetDigestBenchmark "$FOLDER"
  start=$(date +%s.%N)
  sum=$(cd "$FOLDER" && find train test -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  end=$(date +%s.%N)
  echo "coreutils: sha256 $sum in $(echo "$end - $start" | bc) s"
} | tee "$OUT/digest.txt"
