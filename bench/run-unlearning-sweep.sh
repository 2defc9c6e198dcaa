#!/usr/bin/env bash
# Tries unlearning settings on one original model, to choose the settings of benchmark 2's run B (or a user's own):
# trains the built-in small CNN once on Fashion-MNIST (cached in CACHE with its retrained-from-scratch reference), then
# for every setting confuses and fine-tunes a fresh copy of it exactly as the worker does and prints one JSON line:
# retain / forget / test accuracy, MIA and the training work relative to the retraining (images processed).
#
#   bench/run-unlearning-sweep.sh                                          # the settings of docs/benchmarks.md
#   SETTINGS="0.6:0.01:5:1,0.3:0.15:2:0.9:7" bench/run-unlearning-sweep.sh
#
# A setting is noiseStd:learningRate:epochs:retainSampleFraction[:seed] (seed of the noise and the shuffling, default
# 42; the original model and the forget set always use seed 42). Results: bench/results/unlearning-sweep-<UTC time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
PRETRAIN_EPOCHS=${PRETRAIN_EPOCHS:-20}
FORGET_FRACTION=${FORGET_FRACTION:-0.1}
CACHE=${CACHE:-bench/results/sweep-cache}
SETTINGS=${SETTINGS:-"0.6:0.01:5:1,0.6:0.01:2:1,0.3:0.01:2:1,0.1:0.01:2:1,0.3:0.05:2:0.9,0.3:0.1:2:0.9,0.3:0.15:2:0.9,0.3:0.15:2:0.9:1,0.3:0.15:2:0.9:2,0.3:0.15:2:0.9:3,0.3:0.15:2:0.9:4"}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx1g -XX:+UseSerialGC"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
OUT=${OUT:-bench/results/unlearning-sweep-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"

require_fashion_mnist "$DATA"

bench_classpath "$OUT" test
bench/machine-info.sh > "$OUT/machine.txt"
# shellcheck disable=SC2086
java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.UnlearningSweep --data "$DATA" --cache "$CACHE" \
  --pretrain-epochs "$PRETRAIN_EPOCHS" --forget-fraction "$FORGET_FRACTION" --settings "$SETTINGS" | tee "$OUT/sweep.jsonl"
