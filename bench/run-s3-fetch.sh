#!/usr/bin/env bash
# Fetching an image folder from S3 (issue 28): the same folder of Fashion-MNIST PNG files in s3proxy on loopback,
# fetched side by side in one run by
#   - sequential: today's code before the transfer manager (the listing, then one object after the other),
#   - parallel:   the worker's folder download (the SDK's transfer manager, spec.storage.maxConcurrentRequests),
#   - s3transfer: boto3's s3transfer, the library of `aws s3 cp --recursive`, at the same concurrency,
# in rotating order, ROUNDS rounds at each per-request latency of LATENCIES (ms before each GET is answered, as a
# remote store's time to first byte; 0 is plain loopback). s3proxy runs in the benchmark's JVM, so on a 2-core machine
# the server, the client and the reference share the cores.
#
#   bench/run-s3-fetch.sh                                   # 12,000 PNGs, 2 rounds, latency 0 and 20 ms, 10 at once
#   IMAGES=2000 ROUNDS=1 LATENCIES=0 bench/run-s3-fetch.sh   # quick
#
# Needs dataset-fashion-mnist, python3-pil, python3-boto3, a JDK 17 and Maven. Results:
# bench/results/s3-fetch-<UTC time>/ (fetches.jsonl, table.md, machine.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
IMAGES=${IMAGES:-12000}
ROUNDS=${ROUNDS:-2}
LATENCIES=${LATENCIES:-0,20}
CONCURRENCY=${CONCURRENCY:-10}
PYTHON=${PYTHON:-/usr/bin/python3}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager"}

require_fashion_mnist "$DATA"
"$PYTHON" -c 'import PIL, boto3' 2>/dev/null || {
  echo "Pillow and boto3 for $PYTHON are missing: apt-get install -y python3-pil python3-boto3" >&2; exit 1; }

OUT=bench/results/s3-fetch-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT" bench/data
FOLDER=bench/data/fmnist-png-s3-$IMAGES
[ -f "$FOLDER/.complete" ] || {
  rm -rf "$FOLDER"
  TEST=$((IMAGES / 6)); TRAIN=$((IMAGES - TEST))
  "$PYTHON" src/test/resources/imagefolder/fashion_mnist_folder.py "$DATA" "$FOLDER" --train "$TRAIN" --test "$TEST"
  touch "$FOLDER/.complete"; }

bench_classpath "$OUT" test
{
  bench/machine-info.sh
  echo "JAVA_OPTS: $JAVA_OPTS"
  echo "settings: IMAGES=$IMAGES ROUNDS=$ROUNDS LATENCIES=$LATENCIES CONCURRENCY=$CONCURRENCY"
  "$PYTHON" -c 'import boto3, s3transfer; print("boto3", boto3.__version__, "s3transfer", s3transfer.__version__)'
} > "$OUT/machine.txt"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.S3FetchBenchmark "$FOLDER" "$OUT" "$ROUNDS" "$CONCURRENCY" \
  "$LATENCIES" "$PYTHON" | tee "$OUT/progress.log"
rm -rf "$OUT"/scratch-*
"$PYTHON" bench/s3_fetch_table.py "$OUT/fetches.jsonl" > "$OUT/table.md"
cat "$OUT/table.md"
