#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Leak-tracer overhead benchmark: throughput of the nginx + Lua fixture (1 worker, GET /health, which runs a Lua
# content handler) under wrk, without a tracer and under each tracer, alternating within each round so every mode
# sees the same machine conditions. Every run gets a fresh nginx (heaptrack leaves its library in the worker).
# Modes:
#   none       no tracer
#   memsnap    memsnap trace at its defaults (--min-size 4k, sampled bursts, no free probe: an end-of-window heap walk)
#   memsnap0   memsnap trace --min-size 0 (every allocation in a burst, with a stack)
#   memsnap250 memsnap trace --burst 250ms (shorter bursts, otherwise the defaults)
#   memsnapc   memsnap trace --continuous (every probe, free included, armed the whole window: exact counts)
#   heaptrack  heaptrack -p WORKER (injects its library through gdb)
#   perf       hand-made: perf probe malloc, malloc%return, free; perf record --call-graph dwarf
# Even rounds run the modes in reverse order (a load trend through the set then favours no mode).
# A tracer is started first; wrk starts once it records (memsnap: its probe group exists plus SETTLE seconds;
# heaptrack and perf: SETTLE seconds). Results: bench/results/trace.md (+ .csv), or $TRACE_OUT.md (+ .csv). Needs root, wrk, heaptrack,
# linux-perf, java 17, maven. Usage: [MODES="none memsnap"] bench/trace/run.sh [ROUNDS] [--seconds N] [--connections N]
# The issue's settings (10 s windows, the five-way comparison), then the 60 s windows, 5 rounds each:
#   MODES="none memsnap memsnap0 heaptrack perf" TRACE_OUT=bench/results/trace-10s bench/trace/run.sh 5
#   MODES="none memsnap" TRACE_OUT=bench/results/trace-60s bench/trace/run.sh 5 --seconds 60
# wall_s is the time to result: from starting the tracer until it has written its output (memsnap: start-up,
# SETTLE, the window of seconds + SETTLE + 4 s, reading what is left of the bursts, the end-of-window heap walk).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds=1 seconds=10 conns=16 settle=${SETTLE:-5}
[ $# -gt 0 ] && case "$1" in [0-9]*) rounds=$1; shift ;; esac
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --connections) conns=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
for t in wrk heaptrack perf java; do command -v $t >/dev/null || { echo "needs $t (fixtures/bin/install-packages)" >&2; exit 1; }; done
cd "$root"
mvn -B -ntp -q -Dmaven.test.skip=true -pl cli -am package
jar=$root/cli/target/memsnap.jar
# the JVM flags of the memsnap launcher (./memsnap, the Debian package's /usr/bin/memsnap): what users run
jvm_opts=${MEMSNAP_JAVA_OPTS-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx440m -XX:NewRatio=5"}
work=$(mktemp -d)
port=$((20000 + $$ % 20000))
events=/sys/kernel/tracing/uprobe_events
libc=/usr/lib/x86_64-linux-gnu/libc.so.6
grp=bench$$_libc # the hand-made perf's probe group, per run (other runs may be under way)
prefix= tracer=
cleanup() {
    [ -n "$tracer" ] && kill -INT "$tracer" 2>/dev/null && wait "$tracer" 2>/dev/null || true
    [ -n "$prefix" ] && fixtures/bin/nginx-fixture stop --prefix "$prefix" >/dev/null 2>&1 || true
    perf probe -q -d "$grp:*" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

start_nginx() {
    prefix=$work/nginx
    rm -rf "$prefix"; mkdir -p "$prefix"
    fixtures/bin/nginx-fixture start --prefix "$prefix" --port "$port" --workers 1 >"$work/ready" 2>>"$work/nginx.err"
    master=$(awk '{print $2}' "$work/ready")
    worker=$(pgrep -P "$master" | head -1)
    wrk -t1 -c"$conns" -d2s "http://127.0.0.1:$port/health" >/dev/null # warm-up
}

stop_nginx() {
    fixtures/bin/nginx-fixture stop --prefix "$prefix" >/dev/null 2>&1 || true
    prefix=
}

cpu_ticks() { # utime + stime of a process, in clock ticks
    awk '{print $14 + $15}' "/proc/$1/stat"
}

tree_ticks() { # utime + stime + the reaped children's of a process and its live descendants (0 without a tracer)
    [ -n "$1" ] || { echo 0; return; }
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0)
    for c in $(pgrep -P "$1" 2>/dev/null); do t=$((t + $(tree_ticks "$c"))); done
    echo "$t"
}

await_group() { # until a memsnap probe group is defined (at most 120 s)
    i=0
    while ! grep -q '^[pr]:memsnap_' "$events" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
}

measure() { # measure MODE ROUND -> appends a csv line
    mode=$1
    start_nginx
    extra=""
    t0=$(date +%s.%N)
    case "$mode" in
        none) ;;
        memsnap|memsnapc|memsnap0|memsnap250)
            ms=""; [ "$mode" = memsnap0 ] && ms="--min-size 0"; [ "$mode" = memsnapc ] && ms="--continuous"
            [ "$mode" = memsnap250 ] && ms="--burst 250ms"
            # shellcheck disable=SC2086
            # shellcheck disable=SC2086
            java $jvm_opts -jar "$jar" trace -p "$master" --duration $((seconds + settle + 4))s $ms --format json \
                -o "$work/$mode.json" 2>"$work/$mode.err" &
            tracer=$!
            await_group; sleep "$settle" ;;
        heaptrack)
            heaptrack -o "$work/heaptrack" -p "$worker" >"$work/heaptrack.log" 2>&1 &
            tracer=$!
            sleep "$settle" ;;
        perf)
            perf probe -q -x "$libc" -a "$grp:malloc=malloc size=%di:u64" \
                -a "$grp:malloc_ret=malloc%return ret=\$retval:u64" -a "$grp:free=free ptr=%di:u64"
            perf record -q -o "$work/perf.data" -p "$worker" --call-graph dwarf -e "$grp:*" \
                2>"$work/perf.err" &
            tracer=$!
            sleep "$settle" ;;
    esac
    c0=$(cpu_ticks "$worker")
    k0=$(tree_ticks "$tracer")
    wrk -t1 -c"$conns" -d"${seconds}s" "http://127.0.0.1:$port/health" >"$work/wrk.out"
    c1=$(cpu_ticks "$worker")
    k1=$(tree_ticks "$tracer")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
    reqs=$(awk '/requests in/ {print $1}' "$work/wrk.out")
    # the worker's own CPU time (user+sys: uprobe traps are its sys time) per request, in microseconds
    cpu=$(echo "($c1 - $c0) * 1000000 / $(getconf CLK_TCK) / $reqs" | bc -l | xargs printf '%.1f')
    # the tracer's own CPU time (memsnap's JVM with perf record/stat/script, heaptrack, or perf) per request;
    # children that exited during the window are counted through their parent's cutime/cstime
    tcpu=$(echo "($k1 - $k0) * 1000000 / $(getconf CLK_TCK) / $reqs" | bc -l | xargs printf '%.1f')
    case "$mode" in
        none) ;;
        memsnap|memsnapc|memsnap0|memsnap250)
            wait "$tracer" || true
            tracer=
            extra=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); import re; m=[re.search(r'in (\\d+) bursts.*?every ([0-9 to]+) bursts.*?installed (\\S+).*?([0-9,]+) allocation calls.*?used ([0-9,]+) ms of CPU.*?([0-9,]+) ms of it after', w) for w in d['warnings']]; m=[x for x in m if x]; b=('bursts=%s N=%s armed=%s calls=%s perf_cpu_ms=%s read_after_ms=%s' % m[0].groups()).replace(',', '') if m else ''; print('events=%d lost=%d leaked=%d scale=%d %s' % (d['events_seen'], d['lost_events'], sum(s['leaked_bytes'] for s in d['stacks']), d['sample_period'], b))" "$work/$mode.json" 2>/dev/null || echo "no-json")
            ;;
        heaptrack)
            # heaptrack -p records until the target exits: stop nginx first, then it finishes its file
            stop_nginx
            wait "$tracer" 2>/dev/null || true; tracer=
            extra="file=$(du -ch "$work"/heaptrack*.zst "$work"/heaptrack*.gz 2>/dev/null | tail -1 | cut -f1)"
            extra="$extra injected=$(grep -q -i 'injection finished' "$work/heaptrack.log" && echo yes || echo no)"
            rm -f "$work"/heaptrack* ;;
        perf)
            kill -INT "$tracer" 2>/dev/null; wait "$tracer" 2>/dev/null || true; tracer=
            extra="perf.data=$(du -h "$work/perf.data" | cut -f1)"
            rm -f "$work/perf.data"
            perf probe -q -d "$grp:*" ;;
    esac
    t1=$(date +%s.%N)
    stop_nginx
    wall=$(echo "$t1 - $t0" | bc)
    echo "$2,$mode,$rps,$cpu,$tcpu,$wall,\"$extra\",\"$(cut -d' ' -f1-3 /proc/loadavg)\"" | tee -a "$work/results.csv" >&2
}

echo "round,mode,requests_per_s,worker_cpu_us_per_request,tracer_cpu_us_per_request,wall_s,notes,loadavg" >"$work/results.csv"
r=1
while [ $r -le "$rounds" ]; do
    modes=${MODES:-none memsnap memsnap0 memsnapc heaptrack perf}
    # even rounds run the modes in reverse order, so a load that rises or falls through the set favours none
    [ $((r % 2)) -eq 0 ] && modes=$(echo "$modes" | tr ' ' '\n' | tac | tr '\n' ' ')
    for mode in $modes; do measure "$mode" $r; done
    r=$((r + 1))
done
mkdir -p bench/results
out=${TRACE_OUT:-bench/results/trace}
cp "$work/results.csv" "$out.csv"
python3 bench/trace/summarize.py "$seconds" "$conns" "$work/results.csv" >"$out.md"
cat "$out.md"
