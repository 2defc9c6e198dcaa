#!/usr/bin/env bash
# Benchmarks 2 and 3: unlearning versus retraining from scratch on Fashion-MNIST through the worker's pipeline, and
# the evidence plot. Run A: seed defaults (5 fine-tuning epochs on the whole retain set) with the retrain-from-scratch
# reference (same epochs and settings as the original); run B: the cheaper settings (less noise, a higher learning
# rate, fewer epochs, a share of the retain set per epoch).
#
#   bench/run-unlearning-vs-retrain.sh                              # full Fashion-MNIST, 20 pretraining epochs
#   DATA=k8s/data/fashion-mnist-10k PRETRAIN_EPOCHS=8 bench/run-unlearning-vs-retrain.sh
#   THROUGHPUT_DIR=bench/results/throughput-... bench/run-unlearning-vs-retrain.sh   # adds the throughput bars
#   REPLOT=docs/benchmarks/<run> THROUGHPUT_DIR=... bench/run-unlearning-vs-retrain.sh  # only redraws evidence.png
#
# Needs the full data set from apt-get install dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist/)
# unless DATA points elsewhere. Results: bench/results/unlearning-vs-retrain-<UTC time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
PRETRAIN_EPOCHS=${PRETRAIN_EPOCHS:-20}
FORGET_FRACTION=${FORGET_FRACTION:-0.1}
# Run B: the settings bench/run-unlearning-sweep.sh found to meet all four goals on full Fashion-MNIST (docs/benchmarks.md).
FAST_NOISE=${FAST_NOISE:-0.3}
FAST_LR=${FAST_LR:-0.15}
FAST_EPOCHS=${FAST_EPOCHS:-2}
FAST_FRACTION=${FAST_FRACTION:-0.9}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx1g -XX:+UseSerialGC"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The worker image preloads tcmalloc (see bench/run-throughput.sh); ALLOCATOR=glibc runs with the system malloc.
ALLOCATOR=${ALLOCATOR:-tcmalloc}
PRELOAD=
if [ "$ALLOCATOR" = tcmalloc ]; then
  require_tcmalloc ", or ALLOCATOR=glibc"
  PRELOAD=$TCMALLOC
fi
OUT=${OUT:-bench/results/unlearning-vs-retrain-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
EXTRA=()
[ -n "${THROUGHPUT_DIR:-}" ] && EXTRA+=(--throughput-dir "$THROUGHPUT_DIR")

if [ -n "${REPLOT:-}" ]; then
  bench_classpath "$OUT" test
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.UnlearningVsRetrainBenchmark --replot "$REPLOT" "${EXTRA[@]}"
  rm -rf "$OUT"
  exit 0
fi
require_fashion_mnist "$DATA"
bench_classpath "$OUT" test

{
  bench/machine-info.sh
  echo "data: $DATA, pretrain epochs: $PRETRAIN_EPOCHS, forget fraction: $FORGET_FRACTION"
  echo "fast settings: noiseStd $FAST_NOISE, learningRate $FAST_LR, $FAST_EPOCHS epochs x retainSampleFraction $FAST_FRACTION"
  echo "JAVA_OPTS: $JAVA_OPTS"
  echo "allocator: $ALLOCATOR (LD_PRELOAD=$PRELOAD)"
} | tee "$OUT/machine.txt"

# shellcheck disable=SC2086
LD_PRELOAD=$PRELOAD java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.UnlearningVsRetrainBenchmark --data "$DATA" --out "$OUT" \
  --pretrain-epochs "$PRETRAIN_EPOCHS" --forget-fraction "$FORGET_FRACTION" --fast-noise "$FAST_NOISE" --fast-lr "$FAST_LR" \
  --fast-epochs "$FAST_EPOCHS" --fast-fraction "$FAST_FRACTION" "${EXTRA[@]}" 2> >(tee "$OUT/progress.log" >&2)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
