#!/usr/bin/python3
"""Table of bench/run-s3-fetch.sh: per latency and client the median objects/s and MB/s over the rounds, their range,
and the ratios to the sequential fetch and to s3transfer of the same round (median over rounds).

Usage: /usr/bin/python3 s3_fetch_table.py fetches.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict


def main() -> None:
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    by = defaultdict(list)
    rounds = defaultdict(dict)
    for r in rows:
        by[(r["latencyMs"], r["client"])].append(r)
        rounds[(r["latencyMs"], r["round"])][r["client"]] = r["objectsPerSecond"]
    print("| latency per GET | client | at once | rounds | objects/s, median [min, max] | MB/s, median | "
          "x sequential | x s3transfer | JVM CPU s per 1,000 objects |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (ms, client), rs in sorted(by.items(), key=lambda kv: (kv[0][0], ["sequential", "parallel", "s3transfer"]
                                                                .index(kv[0][1]))):
        ops = [r["objectsPerSecond"] for r in rs]
        mbs = [r["megabytesPerSecond"] for r in rs]
        vs_seq = [rounds[(ms, r["round"])][client] / rounds[(ms, r["round"])]["sequential"] for r in rs]
        vs_ref = [rounds[(ms, r["round"])][client] / rounds[(ms, r["round"])]["s3transfer"] for r in rs]
        cpu = [r["jvmCpuSeconds"] / r["objects"] * 1000 for r in rs]
        print(f"| {ms} ms | {client} | {rs[0]['concurrency']} | {len(rs)} | {statistics.median(ops):.0f} "
              f"[{min(ops):.0f}, {max(ops):.0f}] | {statistics.median(mbs):.2f} | {statistics.median(vs_seq):.2f}x | "
              f"{statistics.median(vs_ref):.2f}x | {statistics.median(cpu):.2f} |")


if __name__ == "__main__":
    main()
