#!/usr/bin/env bash
# The quality matrix of issue 12: every setting of a settings file x forget fraction (1%, 10%, 20%) x seed (1, 2, 3)
# on full Fashion-MNIST with the small CNN trained 20 epochs, each compared with the model retrained from scratch on
# the same retain set. The original of each seed and the retrained reference of each seed and split are trained once
# and shared by every setting (cached in CACHE, so an interrupted run resumes); unlearning and retraining are timed in
# the same process, in wall time and in process CPU time. Writes matrix.jsonl, table.md and avg-gap.png.
#
#   bench/run-unlearning-matrix.sh                                            # the evaluation (docs/benchmarks.md)
#   PROTOCOL=tune SEEDS=100 SETTINGS=bench/matrix/tune.jsonl bench/run-unlearning-matrix.sh   # choosing settings
#   DATA=k8s/data/fashion-mnist-10k HOLDOUT=2000 PROTOCOL=tune ...       # the same on the bundled 10k subset
#   SETTINGS=/dev/null bench/run-unlearning-matrix.sh      # only trains and caches the originals and references
#   REPORT=bench/results/unlearning-matrix-<time> bench/run-unlearning-matrix.sh              # only redraws table and plot
#   TORCHSCRIPT=DIR bench/run-unlearning-matrix.sh   # the user's own TorchScript originals and retrained references
#                                                    # (bench/train_small_cnn.py) instead of the built-in small CNN
#
# PROTOCOL=tune never reads the test images: 10,000 seeded training images stand in for the test set and the original
# trains on the other 50,000. Results: bench/results/unlearning-matrix-<protocol>-<UTC time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

DATA=${DATA:-/usr/share/datasets/fashion-mnist}
PROTOCOL=${PROTOCOL:-eval}
SEEDS=${SEEDS:-1,2,3}
FRACTIONS=${FRACTIONS:-0.01,0.1,0.2}
EPOCHS=${EPOCHS:-20}
# Retraining epochs timed next to the methods of each split, scaled to EPOCHS (0: the cached full retraining's times).
TIMED_RETRAIN_EPOCHS=${TIMED_RETRAIN_EPOCHS:-2}
HOLDOUT=${HOLDOUT:-10000}   # PROTOCOL=tune: training images held out as the stand-in test set
# Test images given to the methods as their held-out set and left out of the assessment (0: the methods' held-out
# set is the whole test set, as in the worker). See UnlearningMatrix.
METHOD_HOLDOUT=${METHOD_HOLDOUT:-0}
SETTINGS=${SETTINGS:-bench/matrix/eval.jsonl}
CACHE=${CACHE:-bench/results/matrix-cache}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx2g -XX:+UseSerialGC"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# libtorch's OpenMP threads sleep instead of spinning while they wait, so a loaded machine does not count waiting as
# CPU time (the CPU time ratio is the load-independent cost measure).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
require_tcmalloc ""
OUT=${OUT:-bench/results/unlearning-matrix-$PROTOCOL-$(date -u +%Y%m%dT%H%M%SZ)}

if [ -n "${REPORT:-}" ]; then
  bench_classpath "$REPORT" test
  java -cp "$CP" dev.unlearning.bench.MatrixReport "$REPORT/matrix.jsonl" "$REPORT/table.md" "$REPORT/avg-gap.png"
  exit 0
fi
require_fashion_mnist "$DATA"
mkdir -p "$OUT"
snapshot_classpath "$OUT"
cp "$SETTINGS" "$OUT/settings.jsonl"
{
  bench/machine-info.sh
  echo "protocol: $PROTOCOL, data: $DATA, seeds: $SEEDS, forget fractions: $FRACTIONS, original/retrain epochs: $EPOCHS, method holdout: $METHOD_HOLDOUT, torchscript models: ${TORCHSCRIPT:-none}"
  echo "JAVA_OPTS: $JAVA_OPTS, LD_PRELOAD=$TCMALLOC, OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), started $(date -u +%FT%TZ)"
} | tee "$OUT/machine.txt"

# shellcheck disable=SC2086
LD_PRELOAD=$TCMALLOC java $JAVA_OPTS -cp "$CP" dev.unlearning.bench.UnlearningMatrix --data "$DATA" \
  --protocol "$PROTOCOL" --holdout "$HOLDOUT" --method-holdout "$METHOD_HOLDOUT" --seeds "$SEEDS" --fractions "$FRACTIONS" --epochs "$EPOCHS" --timed-retrain-epochs "$TIMED_RETRAIN_EPOCHS" --settings "$SETTINGS" \
  --cache "$CACHE" ${TORCHSCRIPT:+--torchscript "$TORCHSCRIPT"} > "$OUT/matrix.jsonl" 2> >(tee "$OUT/progress.log" >&2)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg), finished $(date -u +%FT%TZ)" | tee -a "$OUT/machine.txt"
java -cp "$CP" dev.unlearning.bench.MatrixReport "$OUT/matrix.jsonl" "$OUT/table.md" "$OUT/avg-gap.png"
cat "$OUT/table.md"
