#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# glibc heap walk benchmark: builds the snapshot module and the bench fixture, starts the fixture (>= 1 GiB in
# >= 8 million chunks by default), waits until it has stopped itself, runs GlibcBench against it, then resumes
# and ends the fixture. Results: bench/results/NAME.md (summary) and NAME.csv (every round), NAME defaulting to
# glibc-walk; each JVM run's own report in bench/results/NAME/.
# Usage: bench/glibc/run.sh [CHUNKS] [ROUNDS] [--baseline CLASSES] [--runs N] [--out NAME] [JAVA_OPTS...]
#   --baseline CLASSES: also run an older build's snapshot classes against the same stopped target, alternating
#   with the current build (baseline, current, baseline, ...), for before/after numbers from the same minutes on a
#   noisy machine. Make CLASSES with e.g.
#     git archive a5827fa | tar -x -C /tmp/base && (cd /tmp/base && mvn -o -q -pl snapshot -am compile)
#   and pass /tmp/base/snapshot/target/classes.
#   --runs N: JVM runs per build (default 1), each of ROUNDS rounds.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
chunks=8400000 rounds=5 baseline= runs=1 out=glibc-walk
[ $# -gt 0 ] && case "$1" in [0-9]*) chunks=$1; shift ;; esac
[ $# -gt 0 ] && case "$1" in [0-9]*) rounds=$1; shift ;; esac
while [ $# -gt 0 ]; do
    case "$1" in
        --baseline) baseline=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) break ;;
    esac
done
java_opts=${*:--Xmx384m}
work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill -CONT "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

cd "$root"
# the snapshot module's runtime classpath (JNA for process_vm_readv, Jackson annotations); written last by snapshot
mvn -B -ntp -q -pl snapshot -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$work/classpath"
libs=$(cat "$work/classpath")
gcc -O1 -Wall -o "$work/glibc_bench" fixtures/c/glibc_bench.c

mkfifo "$work/in"
"$work/glibc_bench" "$work/oracle.xml" "$chunks" < "$work/in" > "$work/out" &
pid=$!
exec 3> "$work/in"
state=
while [ "$state" != T ] && [ "$state" != t ]; do
    sleep 0.2
    kill -0 "$pid" 2>/dev/null || { echo "fixture died" >&2; exit 1; }
    state=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
done
mkdir -p "bench/results/$out"
bench() { # bench LABEL CLASSES RUN
    # shellcheck disable=SC2086
    java $java_opts -cp "$2:$libs" bench/glibc/GlibcBench.java "$pid" "$work/oracle.xml" \
        "bench/results/$out/$1-$3" "$rounds" "$1"
}
k=1
while [ "$k" -le "$runs" ]; do
    [ -n "$baseline" ] && bench baseline "$baseline" "$k"
    bench current "$root/snapshot/target/classes" "$k"
    k=$((k + 1))
done
kill -CONT "$pid"
echo quit >&3
exec 3>&-
wait "$pid" || true
pid=

python3 - "bench/results/$out" "$rounds" "$java_opts" "$baseline" <<'PY'
import csv, glob, statistics, sys
out, rounds, opts, baseline = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = []
for f in sorted(glob.glob(out + "/*.csv")):
    rows += list(csv.DictReader(open(f)))
with open(out + ".csv", "w") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
    w.writeheader()
    w.writerows(rows)
def med(build, key, over=None, warm=True):
    v = [float(r[key]) / (float(r[over]) if over else 1) for r in rows
         if r["build"] == build and r[key] and (not warm or int(r["round"]) > 2)]
    return statistics.median(v) if v else None
def fmt(x, d=2):
    return "-" if x is None else f"{x:.{d}f}"
builds = [b for b in ("baseline", "current") if any(r["build"] == b for r in rows)]
loads = [float(r["load1"]) for r in rows]
with open(out + ".md", "w") as f:
    f.write("# glibc heap walk benchmark\n\n")
    f.write(f"`bench/glibc/run.sh`, JVM flags `{opts}`; {rows[0]['chunks']} chunks, {rows[0]['region_bytes']} bytes "
            f"of heap regions, one stopped target for all runs. Baseline classes: `{baseline or 'none'}`. Builds run "
            f"alternately, {rounds} rounds per JVM; medians over the warm rounds (rounds 1 and 2 of each JVM left "
            f"out: C2 compiles the walk loop during round 2) of the per-round ratios. CPU: the JVM's user + sys time while the step ran. Load average (1 min) before "
            f"the rounds: {min(loads):.1f} to {max(loads):.1f}.\n\n")
    f.write("| build | walk (s) | raw read (s) | **walk / raw, wall** | **walk / raw, CPU** | without read-ahead / raw, "
            "wall / CPU | peak RSS (MiB), per JVM | exact |\n|---|---|---|---|---|---|---|---|\n")
    for b in builds:
        hwm = [r["peak_rss_mib"] for r in rows if r["build"] == b and r["round"] == "1"]
        exact = all(r["exact"] == "true" for r in rows if r["build"] == b)
        f.write(f"| {b} | {fmt(med(b, 'walk_s'), 3)} | {fmt(med(b, 'raw_read_s'), 3)} | "
                f"**{fmt(med(b, 'walk_s', 'raw_read_s'))}** | **{fmt(med(b, 'walk_cpu_s', 'raw_read_cpu_s'))}** | "
                f"{fmt(med(b, 'walk_no_read_ahead_s', 'raw_read_s'))} / "
                f"{fmt(med(b, 'walk_no_read_ahead_cpu_s', 'raw_read_cpu_s'))} | {', '.join(hwm)} | "
                f"{'yes' if exact else 'NO'} |\n")
    f.write("\nEvery round: `" + out.split("/")[-1] + ".csv`; each JVM's report: `" + out.split("/")[-1] + "/`.\n")
PY
cat "bench/results/$out.md"
