#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Realistic-heap capture benchmark (issue 9): for each heap, in the same rounds, the pause of memsnap's frozen copy,
# the pause of a raw copy of the same pages (stop, read into one reused buffer, resume) and the pause of gdb's gcore
# (bench/capture/PauseBench.java), then one whole `memsnap -p PID` run: total time and memsnap's peak RSS.
# Heaps: churn (fixtures/lua/churn.lua 600 1000: ~1.8 M live tables, always building more) and glibc8m
# (fixtures/c/glibc_bench.c: 8.4 M glibc chunks, ~1 GiB, stopped). Results: bench/results/heaps.md and .csv.
# Needs root, java 17, maven, luajit, gcc, gdb (gcore), bc, /usr/bin/time (apt-get install -y bc time). No timing
# is asserted anywhere.
# luajit10m is the churn with 3334 slots (~10 M live tables, ~3 GiB). nginx2m is one worker of the nginx fixture
# (fixtures/bin/nginx-fixture, workload table_leak) grown to 1.25 M entries, each a table and a 100-byte string
# (~2.5 M live Lua objects), and kept serving `wrk -t1 -c4` requests (GET /work?n=0) throughout its rounds; the
# worker is the pid measured. Needs wrk and curl for it.
# Usage: [HEAPS_OUT=NAME] bench/capture/heaps.sh [ROUNDS] [HEAP...]   (default: 3 rounds, heaps churn glibc8m;
# results in bench/results/NAME.md and .csv, NAME heaps by default)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=3
[ $# -gt 0 ] && case "$1" in [0-9]*) rounds=$1; shift ;; esac
heaps=${*:-churn glibc8m}
cd "$root"
mvn -B -ntp -q -Dmaven.test.skip=true -pl cli -am package
jar=cli/target/memsnap.jar
work=$(mktemp -d)
pid=
wrkpid=
stop_nginx() {
    [ -n "$wrkpid" ] && kill "$wrkpid" 2>/dev/null || true
    wrkpid=
    [ -d "$work/nginx" ] && fixtures/bin/nginx-fixture stop --prefix "$work/nginx" > /dev/null 2>&1 || true
}
cleanup() { stop_nginx; [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
out=${HEAPS_OUT:-heaps}
csv=bench/results/$out.csv
echo "heap,round,rss_mib,copied_mib,raw_s,copy_pause_s,copy_call_s,gcore_s,pause_over_raw,pause_over_gcore,load1" > "$csv.tmp"
summary="$work/summary"
: > "$summary"
for heap in $heaps; do
    case "$heap" in
        churn|luajit10m)
            slots=600
            [ "$heap" = luajit10m ] && slots=3334
            luajit fixtures/lua/churn.lua "$slots" 1000 > "$work/ready" &
            while ! grep -q READY "$work/ready" 2>/dev/null; do sleep 0.2; done
            pid=$(awk '{print $2}' "$work/ready") ;;
        glibc8m)
            gcc -O2 -o "$work/glibc_bench" -I fixtures/c fixtures/c/glibc_bench.c
            "$work/glibc_bench" "$work/malloc_info.xml" &
            pid=$!
            while [ "$(awk '{print $3}' /proc/$pid/stat)" != T ]; do sleep 0.2; done ;;
        nginx2m)
            port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
            fixtures/bin/nginx-fixture start --prefix "$work/nginx" --port "$port" --workers 1 \
                --workload table_leak > /dev/null
            curl -fsS "http://127.0.0.1:$port/work?n=125" > /dev/null
            wrk -t1 -c4 -d3600s "http://127.0.0.1:$port/work?n=0" > /dev/null 2>&1 &
            wrkpid=$!
            pid=$(fixtures/bin/nginx-fixture status --prefix "$work/nginx" | awk '$1 == "worker" {print $2; exit}') ;;
        *) echo "unknown heap $heap" >&2; exit 2 ;;
    esac
    rss=$(awk '/VmRSS/ {print $2 / 1024}' /proc/$pid/status)
    java -cp "$jar" bench/capture/PauseBench.java "$pid" "$rounds" > "$work/pause.$heap"
    while read -r r raw pause call gcore bytes; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        echo "$heap,$r,$rss,$((bytes / 1048576)),$raw,$pause,$call,$gcore,$(echo "$pause / $raw" | bc -l | cut -c1-5),$(echo "$pause / $gcore" | bc -l | cut -c1-5),$load" >> "$csv.tmp"
    done < "$work/pause.$heap"
    /usr/bin/time -o "$work/time.$heap" -f "%e %M" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" \
        -p "$pid" --max-pause 30s --format json -o "$work/snap.$heap.json" 2> "$work/err.$heap" || cat "$work/err.$heap" >&2
    /usr/bin/time -o "$work/time2.$heap" -f "%e %M" java -XX:+UseSerialGC -jar "$jar" \
        -p "$pid" --max-pause 30s --format json -o "$work/snap2.$heap.json" 2> "$work/err2.$heap" || cat "$work/err2.$heap" >&2
    echo "$heap $(cat "$work/time.$heap") $(cat "$work/time2.$heap") $(cut -d' ' -f1-3 /proc/loadavg)" >> "$summary"
    if [ "$heap" = nginx2m ]; then
        stop_nginx
    else
        kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    fi
    pid=
done
mv "$csv.tmp" "$csv"
python3 - "$csv" "$summary" "$rounds" > "bench/results/$out.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("# Realistic heaps: frozen-copy pause vs raw copy vs gcore (`bench/capture/heaps.sh`)\n")
print(f"{sys.argv[3]} rounds per heap, one JVM (PauseBench), in each round: raw copy, memsnap copy, gcore. "
      "2 CPUs, shared machine: other helpers' builds ran at the same time (the csv gives each round and the 1-minute load average when the heap's rounds ended; RSS is VmRSS right after the heap was ready, the churn grows to ~570 MiB).\n")
print("| heap | RSS (MiB) | copied (MiB) | raw copy pause (s) | memsnap pause (s) | gcore pause (s) | pause / raw | pause / gcore |")
print("|---|---|---|---|---|---|---|---|")
for heap in dict.fromkeys(r["heap"] for r in rows):
    rs = [r for r in rows if r["heap"] == heap]
    med = lambda k: statistics.median(float(r[k]) for r in rs)
    print(f"| {heap} | {float(rs[0]['rss_mib']):.0f} | {med('copied_mib'):.0f} | {med('raw_s'):.3f} | {med('copy_pause_s'):.3f} "
          f"| {med('gcore_s'):.3f} | {med('pause_over_raw'):.2f} | {med('pause_over_gcore'):.2f} |")
print("\nWhole `memsnap -p PID` (copy plus walk), one run each; C1 only (the launcher's flags) and with C2:\n")
print("| heap | total, C1 only (s) | peak RSS, C1 (MiB) | total, C1+C2 (s) | peak RSS, C2 (MiB) | load average after |")
print("|---|---|---|---|---|---|")
for line in open(sys.argv[2]):
    f = line.split()
    print(f"| {f[0]} | {f[1]} | {int(f[2]) // 1024} | {f[3]} | {int(f[4]) // 1024} | {' '.join(f[5:8])} |")
PY
cat "bench/results/$out.md"
