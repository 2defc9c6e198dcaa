#!/usr/bin/env bash
# Operator load (issue 11, item 3): the packaged operator (its own JVM, -Xmx576m: 75% of config/manager's 768Mi, one replica
# without leader election) against the Fabric8 mock API server in CRUD mode with 1,000 UnlearningRequests
# (k8s/unlearn.yaml, renamed).
# The benchmark plays the user, the Job controller and the kubelet: it waits for the operator's 1,000 Jobs, creates
# their pods Running with a log whose last line is an UNLEARNING_PROGRESS line of a new epoch every 30 s (served at
# the pods/log path the operator reads), holds them Running for RUNNING_SECONDS, then completes pods and Jobs and
# waits for all requests to succeed. It counts the operator's API calls by verb and resource in each phase, the log
# reads and status patches per second while all run, the operator's live heap after a full GC (jcmd) and peak RSS;
# once with progress reading on (defaults: every 20 s, at most 10 reads/s) and once off
# (unlearning.progress-reads-per-second=0).
#
#   bench/run-operator-load.sh                             # 1,000 requests, 100 s Running, on then off
#   REQUESTS=200 RUNNING_SECONDS=60 bench/run-operator-load.sh   # shorter
#
# Needs a JDK 17 and Maven. Results: bench/results/operator-load-<UTC time>/ (on.json, off.json, table.md, the
# operator's logs).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/common.sh
. bench/common.sh

REQUESTS=${REQUESTS:-1000}
RUNNING_SECONDS=${RUNNING_SECONDS:-100}
MODES=${MODES:-on,off}
OUT=bench/results/operator-load-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
bash bench/machine-info.sh | tee "$OUT/machine.txt"
mvn -q -B -o package -DskipTests   # the operator jar of this tree
bench_classpath "$OUT" test
nice -n 10 java -cp "$CP" -Drequests="$REQUESTS" -DrunningSeconds="$RUNNING_SECONDS" -Dmodes="$MODES" -Dout="$OUT" \
  dev.unlearning.bench.OperatorLoadBenchmark | tee "$OUT/run.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
