#!/usr/bin/env bash
# Prints the machine description the benchmark scripts put at the top of their results (sourced or run).
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "nproc: $(nproc)"
lscpu | grep -E '^Model name' || true
echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
