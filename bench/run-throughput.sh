#!/usr/bin/env bash
# Benchmark 1: training throughput and peak memory of the worker's fine-tuning step (Java, DJL) next to PyTorch in
# Python, on the same TorchScript files, threads, batch size and kind of data, in one run so both see the same load.
#
#   bench/run-throughput.sh                       # both models, 2 threads, batch 128, both allocators
#   THREADS=2 BATCH=128 MODELS="small-cnn" REPEATS=2 ALLOCATORS=tcmalloc bench/run-throughput.sh
#   CACHE_FIX="true false" MODELS="small-cnn resnet18-cifar resnet50-cifar" PYTHON_SIDE=false ALLOCATORS=tcmalloc \
#     bench/run-throughput.sh                     # the worker with oneDNN's cache sizes corrected and as it read them
#
# CACHE_FIX: "true" runs the worker as shipped; "false" adds a run with -Dunlearning.onednn-cache-fix=false, oneDNN's
# cache sizes as it read them (engine.runtime.OneDnnCacheSizes; the same code as before the correction existed). On a
# CPU whose caches oneDNN reads, both are the same code path; on one whose caches it reads as 1 byte the "false" run
# is the one that crashes on ResNet-50 (recorded as crashed, with its exit code).
#
# Every side runs once per native allocator in ALLOCATORS: "glibc" (the system malloc, what a plain `python3` or `java`
# gets) and "tcmalloc" (gperftools' tcmalloc-minimal through LD_PRELOAD, what the worker image ships). The allocator
# changes the speed of both sides by up to 4x (libtorch allocates and frees tens of MiB per layer and batch; glibc
# hands such blocks back to the kernel and page-faults them in again), so the table shows every combination.
#
# Needs /usr/bin/python3 with torch and torchvision (apt-get install python3-torch python3-torchvision), tcmalloc
# (apt-get install libtcmalloc-minimal4) and a JDK 17 and Maven (the project's build). Results:
# bench/results/throughput-<UTC time>/ (one JSON per run) and a table on stdout. The JVM settings are in JAVA_OPTS and
# MALLOC_ARENA_MAX below; override them from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

THREADS=${THREADS:-2}
BATCH=${BATCH:-128}
MODELS=${MODELS:-"small-cnn resnet18-cifar"}
REPEATS=${REPEATS:-1}
SMALL_IMAGES=${SMALL_IMAGES:-6400}
RESNET_IMAGES=${RESNET_IMAGES:-640}
RESNET50_IMAGES=${RESNET50_IMAGES:-256}
CACHE_FIX=${CACHE_FIX:-"true"}
PYTHON_SIDE=${PYTHON_SIDE:-true}
EPOCHS=${EPOCHS:-4}
WARMUP=${WARMUP:-1}
PYTHON=${PYTHON:-/usr/bin/python3}
ALLOCATORS=${ALLOCATORS:-"glibc tcmalloc"}
# Worker JVM settings: small fixed heap (the images stay as bytes; tensors live in native memory), serial GC (no
# parallel GC threads competing with libtorch's), few glibc malloc arenas (libtorch allocates from several threads).
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

OUT=bench/results/throughput-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT" bench/models

"$PYTHON" -c 'import torch, torchvision' 2>/dev/null || {
  echo "PyTorch for $PYTHON is missing: apt-get install -y python3-torch python3-torchvision" >&2; exit 1; }
case " $ALLOCATORS " in *" tcmalloc "*) require_tcmalloc "" ;; esac
for m in $MODELS; do
  [ -f "bench/models/$m.pt" ] || { "$PYTHON" bench/export_models.py --out bench/models > "$OUT/export.json"; break; }
done

bench_classpath "$OUT" runtime

{
  bench/machine-info.sh
  echo "JAVA_OPTS: $JAVA_OPTS"
  echo "MALLOC_ARENA_MAX: $MALLOC_ARENA_MAX"
} | tee "$OUT/machine.txt"

for m in $MODELS; do
  case $m in
    small-cnn) SHAPE=1,28,28; IMAGES=$SMALL_IMAGES ;;
    resnet18-cifar) SHAPE=3,32,32; IMAGES=$RESNET_IMAGES ;;
    resnet50-cifar) SHAPE=3,32,32; IMAGES=$RESNET50_IMAGES ;;
    *) echo "unknown model $m" >&2; exit 1 ;;
  esac
  ARGS=(--model "bench/models/$m.pt" --shape "$SHAPE" --threads "$THREADS" --batch-size "$BATCH" --images "$IMAGES"
        --epochs "$EPOCHS" --warmup-epochs "$WARMUP")
  for r in $(seq 1 "$REPEATS"); do
    # Alternate the order between repeats so neither side always runs first.
    SIDES="java"
    case " $CACHE_FIX " in *" false "*) SIDES="java javaasread" ;; esac
    [ "$PYTHON_SIDE" = true ] && SIDES="python $SIDES"
    if [ $((r % 2)) -eq 1 ]; then ORDER=$SIDES; else ORDER=$(echo "$SIDES" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for alloc in $ALLOCATORS; do
      if [ "$alloc" = tcmalloc ]; then PRELOAD=$TCMALLOC; else PRELOAD=; fi
      for side in $ORDER; do
        echo "== $m run $r: $side, $alloc" >&2
        if [ "$side" = python ]; then
          LD_PRELOAD=$PRELOAD "$PYTHON" bench/pytorch_throughput.py "${ARGS[@]}" > "$OUT/$m-python-$alloc-$r.json"
        else
          if [ "$side" = javaasread ]; then FIX=false; else FIX=true; fi
          # shellcheck disable=SC2086
          LD_PRELOAD=$PRELOAD java $JAVA_OPTS -Dunlearning.onednn-cache-fix=$FIX -XX:ErrorFile="$OUT/hs_err_pid%p.log" \
            -cp "$CP" dev.unlearning.bench.ThroughputBenchmark "${ARGS[@]}" > "$OUT/$m-$side-$alloc-$r.json" \
            || echo "{\"crashed\": true, \"exitCode\": $?}" > "$OUT/$m-$side-$alloc-$r.json"
        fi
      done
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

"$PYTHON" bench/throughput_table.py "$OUT" | tee "$OUT/table.md"
