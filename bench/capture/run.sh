#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Capture benchmark: how long `memsnap --freeze` stops its targets. Starts the demo nginx fixture (master + 1 worker
# serving the Lua `demo` workload), runs the real CLI on it ROUNDS times, and records per process the freeze pause
# (the snapshot's freeze_pause_millis), its RSS, memsnap's peak RSS (/usr/bin/time %M) and the pause divided by the
# time to read the same process's resident bytes raw once (process_vm_readv, 1 MiB runs; RawRead.java), measured
# right after each capture. Results: bench/results/capture.md and .csv (medians and every round).
# Needs root, java 17, maven, python3, /usr/bin/time (apt-get install time). No timing is asserted anywhere.
# Usage: bench/capture/run.sh [ROUNDS] [--install] [--requests N] [--jar PATH] [--baseline JAR] [--out NAME]
#   JAVA_OPTS (environment): JVM flags of the memsnap runs; default: the ./memsnap launcher's flags.
#   --baseline JAR: also run an older memsnap jar in every round (alternating, same target, same conditions) with
#   BASELINE_JAVA_OPTS (default none), for before/after numbers on a noisy machine.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=5 install=--no-install requests=3 jar="" out=capture baseline=
[ $# -gt 0 ] && case "$1" in [0-9]*) rounds=$1; shift ;; esac
while [ $# -gt 0 ]; do
    case "$1" in
        --install) install=""; shift ;;
        --requests) requests=$2; shift 2 ;;
        --jar) jar=$2; shift 2 ;;
        --baseline) baseline=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install -y time)" >&2; exit 1; }
cd "$root"
if [ -z "$jar" ]; then
    mvn -B -ntp -q -Dmaven.test.skip=true -pl cli -am package
    jar=cli/target/memsnap.jar
fi
java_opts=${JAVA_OPTS-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1"} # the ./memsnap launcher's defaults
work=$(mktemp -d)
prefix=
cleanup() {
    [ -n "$prefix" ] && fixtures/bin/demo-fixture stop --prefix "$prefix" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# shellcheck disable=SC2086
ready=$(fixtures/bin/demo-fixture start $install --requests "$requests")
set -- $ready
master=$2 prefix=$4
workers=$(pgrep -P "$master" | tr '\n' ' ')
echo "demo nginx: master $master, workers $workers; $rounds rounds; JVM flags: ${java_opts:-none}" >&2
run() { # run NAME JAR OPTS ROUND
    # shellcheck disable=SC2086
    /usr/bin/time -o "$work/time.$1.$4" -f %M java $3 -jar "$2" -p "$master" --freeze --format json \
        -o "$work/snap.$1.$4.json" 2> "$work/err.$1.$4" || { cat "$work/err.$1.$4" >&2; exit 1; }
    # shellcheck disable=SC2086
    java -cp "$2" bench/capture/RawRead.java "$master" $workers > "$work/raw.$1.$4"
}
builds=current
[ -n "$baseline" ] && builds="baseline current"
i=1
while [ "$i" -le "$rounds" ]; do
    [ -n "$baseline" ] && run baseline "$baseline" "${BASELINE_JAVA_OPTS-}" "$i"
    run current "$jar" "$java_opts" "$i"
    i=$((i + 1))
done
mkdir -p bench/results
python3 - "$work" "$rounds" "bench/results/$out" "$java_opts" "$builds" "$baseline" "${BASELINE_JAVA_OPTS-}" <<'PY'
import json, os, statistics, sys
work, rounds, out, opts, builds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split()
baseline, baseline_opts = sys.argv[6], sys.argv[7]
rows = []
for b in builds:
  for i in range(1, rounds + 1):
    snap = json.load(open(f"{work}/snap.{b}.{i}.json"))
    peak_kb = int(open(f"{work}/time.{b}.{i}").read().split()[-1])
    raw = {int(p): (int(x), float(s)) for p, x, s in (l.split() for l in open(f"{work}/raw.{b}.{i}"))}
    for p in snap["processes"]:
        rb, rs = raw[p["pid"]]
        pause = p["freeze_pause_millis"] / 1000
        rows.append(dict(build=b, round=i, pid=p["pid"], role=p["role"], rss_mib=p["rss_bytes"] / 2**20,
                         pause_s=pause, raw_read_s=rs, raw_mib=rb / 2**20, ratio=pause / rs if rs else 0,
                         memsnap_peak_mib=peak_kb / 1024))
with open(out + ".csv", "w") as f:
    f.write("build,round,pid,role,rss_mib,freeze_pause_s,raw_read_s,raw_read_mib,pause_over_raw,"
            "memsnap_peak_rss_mib\n")
    for r in rows:
        f.write("%(build)s,%(round)d,%(pid)d,%(role)s,%(rss_mib).1f,%(pause_s).3f,%(raw_read_s).4f,%(raw_mib).1f,"
                "%(ratio).2f,%(memsnap_peak_mib).0f\n" % r)
med = lambda xs: statistics.median(xs)
with open(out + ".md", "w") as f:
    f.write("# Capture benchmark (`memsnap -p MASTER --freeze`)\n\n")
    f.write(f"Target: demo nginx fixture (master + worker, Lua `demo` workload). Rounds: {rounds}, one memsnap "
            f"JVM each (so every round pays JVM start-up); medians. JVM flags: `{opts or 'none'}`.\n")
    f.write(f"{os.cpu_count()} CPUs, shared machine (other processes may run at the same time).\n\n")
    if baseline:
        f.write(f"Baseline: `{baseline}` with JVM flags `{baseline_opts or 'none'}`, run alternately with the current "
                "build in every round, against the same target.\n\n")
    f.write("| build | process | RSS (MiB) | freeze pause (s) | raw read of its resident bytes (s) | pause / raw read "
            "| memsnap peak RSS (MiB) |\n|---|---|---|---|---|---|---|\n")
    for b in builds:
        for role in dict.fromkeys(r["role"] for r in rows):
            rs = [r for r in rows if r["role"] == role and r["build"] == b]
            f.write("| %s | %s | %.1f | %.3f | %.4f | %.1f | %.0f |\n" % (b, role, med([r["rss_mib"] for r in rs]),
                    med([r["pause_s"] for r in rs]), med([r["raw_read_s"] for r in rs]),
                    med([r["ratio"] for r in rs]), med([r["memsnap_peak_mib"] for r in rs])))
    f.write("\nPer round, freeze pause (s):\n\n")
    for b in builds:
        for role in dict.fromkeys(r["role"] for r in rows):
            f.write(f"- {b} {role}: " + ", ".join("%.3f" % r["pause_s"] for r in rows
                                                  if r["role"] == role and r["build"] == b) + "\n")
    f.write("\nmemsnap peak RSS is the whole CLI run (all processes of one capture). The raw read is done once per "
            "round after the capture, by a separate JVM after a warm-up pass.\n")
PY
cat "bench/results/$out.md"
