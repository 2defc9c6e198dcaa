# Shared by the bench/run-*.sh scripts (sourced, not run).

# Exits with a hint when $1 holds no Fashion-MNIST IDX files.
require_fashion_mnist() {
  [ -f "$1/train-images-idx3-ubyte.gz" ] || [ -f "$1/train-images-idx3-ubyte" ] || {
    echo "no Fashion-MNIST in $1: apt-get install -y dataset-fashion-mnist, or set DATA" >&2; exit 1; }
}

# Compiles the benchmark programs (src/test/java) and sets CP to their class path; $1 is the result directory, $2 the
# Maven scope of the dependencies (test: the plot library too; runtime: the worker's own).
bench_classpath() {
  mvn -q -B -o test-compile
  mvn -q -B -o dependency:build-classpath -Dmdep.includeScope="$2" -Dmdep.outputFile="$1/classpath.txt" > /dev/null
  CP="target/test-classes:target/classes:$(cat "$1/classpath.txt")"
}

# bench_classpath with the test scope, then a copy of the compiled classes in $1, so rebuilding the tree during a long
# run cannot change the code it runs; sets CP to the copy.
snapshot_classpath() {
  bench_classpath "$1" test
  cp -r target/classes "$1/classes" && cp -r target/test-classes "$1/test-classes"
  CP="$1/test-classes:$1/classes:$(cat "$1/classpath.txt")"
}

# gperftools' tcmalloc, which the worker image preloads (docs/benchmarks.md: glibc's malloc makes training 2.6x-4x
# slower); exits with a hint when it is not installed.
TCMALLOC=${TCMALLOC:-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4}
require_tcmalloc() {
  [ -f "$TCMALLOC" ] || { echo "tcmalloc is missing ($TCMALLOC): apt-get install -y libtcmalloc-minimal4$1" >&2; exit 1; }
}
