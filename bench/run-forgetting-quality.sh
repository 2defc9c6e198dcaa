#!/usr/bin/env bash
# Forgetting quality F, the NeurIPS 2023 Machine Unlearning challenge's metric (docs/benchmarks.md section 7), on one
# split of the bundled 10k subset: ONE original, MODELS models retrained from scratch on its retain set (seeds
# 1..MODELS) and, for each setting of SETTINGS, MODELS unlearned models made from that original (seeds 1..MODELS).
# Every model's forget-set confidences and accuracies are cached in CACHE (one JSON file per model): the retrained
# pool is trained once, and adding a method costs only its own unlearnings (add a line to a settings file and run
# PHASE=evaluate). Writes forgetting-quality.jsonl and table.md.
#
#   bench/run-forgetting-quality.sh                                  # the pool (unless cached), then the evaluation
#   PHASE=pool bench/run-forgetting-quality.sh       # only the pool; start it twice to train it in two processes
#   PHASE=evaluate SETTINGS=my-settings.jsonl bench/run-forgetting-quality.sh   # more methods against the same pool
#
# The stand-in test set is 2,000 training images of the subset (the tuning protocol's permutation): no test image.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-k8s/data/fashion-mnist-10k}
HOLDOUT=${HOLDOUT:-2000}
FRACTION=${FRACTION:-0.1}
SEED=${SEED:-200}           # the original's seed and the forget split's
MODELS=${MODELS:-32}        # models per side
EPOCHS=${EPOCHS:-20}
SETTINGS=${SETTINGS:-bench/matrix/forgetting-quality.jsonl}
CACHE=${CACHE:-bench/results/forgetting-quality-cache}
PHASE=${PHASE:-all}         # pool | evaluate | all
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx2g -XX:+UseSerialGC"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
require_tcmalloc ""
require_fashion_mnist "$DATA"
OUT=${OUT:-bench/results/forgetting-quality-$PHASE-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
snapshot_classpath "$OUT"
cp "$SETTINGS" "$OUT/settings.jsonl"
{
  bench/machine-info.sh
  echo "data: $DATA (holdout $HOLDOUT), forget fraction: $FRACTION, seed: $SEED, models per side: $MODELS, epochs: $EPOCHS"
  echo "JAVA_OPTS: $JAVA_OPTS, LD_PRELOAD=$TCMALLOC, OMP_WAIT_POLICY=$OMP_WAIT_POLICY, OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset}"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), started $(date -u +%FT%TZ)"
} | tee "$OUT/machine.txt"

run() {
  # shellcheck disable=SC2086
  LD_PRELOAD=$TCMALLOC java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.ForgettingQualityBenchmark --data "$DATA" \
    --holdout "$HOLDOUT" --fraction "$FRACTION" --seed "$SEED" --models "$MODELS" --epochs "$EPOCHS" \
    --cache "$CACHE" "$@" 2> >(tee -a "$OUT/progress.log" >&2)
}
if [ "$PHASE" != evaluate ]; then
  run --phase pool
fi
if [ "$PHASE" != pool ]; then
  run --phase evaluate --settings "$SETTINGS" --out "$OUT"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg), finished $(date -u +%FT%TZ)" | tee -a "$OUT/machine.txt"
