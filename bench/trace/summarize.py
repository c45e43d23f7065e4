#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Summarizes bench/trace/run.sh results (one or more CSV files, rounds kept apart per file) as markdown.

For each mode: the median over rounds of its ratio to the no-tracer run of the same round (each round runs every
mode back to back, so a ratio compares runs under about the same machine load), for throughput and for the worker's
own CPU time per request (user+sys: uprobe traps are its sys time), then every run.
Usage: summarize.py SECONDS CONNECTIONS FILE.csv [FILE.csv ...]"""
import csv
import statistics
import sys

MODES = ["none", "memsnap", "memsnap250", "memsnap0", "memsnapc", "heaptrack", "perf"]
NAMES = {"none": "no tracer", "memsnap": "memsnap trace (defaults: --min-size 4k, bursts, no free probe)",
         "memsnap250": "memsnap trace --burst 250ms", "memsnap0": "memsnap trace --min-size 0", "memsnapc": "memsnap trace --continuous (all probes, free included)",
         "heaptrack": "heaptrack -p WORKER",
         "perf": "perf record --call-graph dwarf on malloc, malloc%return, free"}

seconds, conns, files = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = []
for n, f in enumerate(files):
    for r in csv.DictReader(open(f)):
        r["round"] = "%s%s" % (chr(ord("A") + n) if len(files) > 1 else "", r["round"])
        rows.append(r)
base = {r["round"]: r for r in rows if r["mode"] == "none"}
print("# Leak tracer overhead (bench/trace/run.sh)\n")
print("nginx + Lua fixture, 1 worker, `GET /health`, `wrk -t1 -c%s -d%ss`, a fresh nginx per run, every mode once"
      " per round, back to back. Per mode: the median over rounds of its ratio to the same round's no-tracer run,"
      " for throughput and for the worker's own CPU time per request (user+sys, where uprobe traps land; it leaves"
      " out what perf, memsnap or heaptrack spend in their own processes). Rounds %s.\n"
      % (conns, seconds, ", ".join(sorted(base))))
print("| mode | throughput vs no tracer (median of rounds) | per round (throughput) | worker CPU/request vs no tracer"
      " (median of rounds) | per round (CPU) | tracer's own CPU us/request (median) | runs |")
print("|---|---:|---|---:|---|---:|---:|")
for m in MODES:
    mine = [r for r in rows if r["mode"] == m and r["round"] in base]
    if not mine:
        continue
    tput = [float(r["requests_per_s"]) / float(base[r["round"]]["requests_per_s"]) for r in mine]
    cpu = [float(r["worker_cpu_us_per_request"]) / float(base[r["round"]]["worker_cpu_us_per_request"]) for r in mine]
    own = [float(r["tracer_cpu_us_per_request"]) for r in mine if r.get("tracer_cpu_us_per_request")]
    print("| %s | %+.0f%% | %s | %+.0f%% | %s | %s | %d |" % (NAMES[m], 100 * (statistics.median(tput) - 1),
                                                    " ".join("%+.0f%%" % (100 * (t - 1)) for t in tput),
                                                    100 * (statistics.median(cpu) - 1),
                                                    " ".join("%+.0f%%" % (100 * (c - 1)) for c in cpu),
                                                    "%.1f" % statistics.median(own) if own else "-", len(mine)))
print("\nEvery run:\n")
print("| round | mode | requests/s | worker CPU us/request | tracer CPU us/request | wall s | notes | load average |")
print("|---|---|---:|---:|---:|---:|---|---|")
for r in rows:
    print("| %s | %s | %s | %s | %s | %.1f | %s | %s |" % (r["round"], r["mode"], r["requests_per_s"],
                                                        r["worker_cpu_us_per_request"],
                                                        r.get("tracer_cpu_us_per_request") or "-",
                                                        float(r["wall_s"]), r["notes"], r["loadavg"]))
