#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Where the CPU of memsnap trace (defaults) goes while wrk loads the nginx + Lua fixture: the worker (its traps are
# its own sys time), memsnap's JVM by thread (compiler, GC, main...), perf script (memsnap's child, reaped: the
# JVM's cutime/cstime) and perf record (the guard shell's child: its cutime/cstime), each as CPU
# microseconds per request over the wrk window, beside a no-tracer run of the same length.
# Needs root, wrk, linux-perf, java 17 and cli/target/memsnap.jar. Usage: bench/trace/cost_split.sh [SECONDS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-10} settle=${SETTLE:-5}
jar=$root/cli/target/memsnap.jar
jvm_opts=${MEMSNAP_JAVA_OPTS-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx440m -XX:NewRatio=5"} # the launcher's
work=$(mktemp -d)
port=$((20000 + $$ % 20000))
prefix=$work/nginx tracer=
cleanup() {
    [ -n "$tracer" ] && kill -INT "$tracer" 2>/dev/null && wait "$tracer" 2>/dev/null || true
    "$root/fixtures/bin/nginx-fixture" stop --prefix "$prefix" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15, $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo "0 0"; }
threads() { # "name ticks" per thread of the JVM, names without blanks
    for t in /proc/"$1"/task/*; do
        printf '%s %s\n' "$(tr ' ' '_' <"$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"
    done 2>/dev/null | awk '{s[$1] += $2} END {for (n in s) print n, s[n]}' | sort
}
run() { # run MODE
    mkdir -p "$prefix"
    "$root/fixtures/bin/nginx-fixture" start --prefix "$prefix" --port "$port" --workers 1 >"$work/ready"
    master=$(awk '{print $2}' "$work/ready"); worker=$(pgrep -P "$master" | head -1)
    wrk -t1 -c16 -d2s "http://127.0.0.1:$port/health" >/dev/null
    if [ "$1" = memsnap ]; then
        # shellcheck disable=SC2086
        java $jvm_opts -jar "$jar" trace -p "$master" --duration $((seconds + settle + 4))s --format json -o "$work/t.json" \
            2>"$work/err" &
        tracer=$!
        i=0; while ! grep -q '^[pr]:memsnap_' /sys/kernel/tracing/uprobe_events && [ $i -lt 600 ]; do
            sleep 0.1; i=$((i + 1)); done
        sleep "$settle"
        guard=$(pgrep -P "$tracer" -x sh | head -1)
        threads "$tracer" >"$work/th0"; j0=$(ticks "$tracer"); g0=$(ticks "$guard")
    fi
    w0=$(ticks "$worker")
    wrk -t1 -c16 -d"${seconds}s" "http://127.0.0.1:$port/health" >"$work/wrk"
    w1=$(ticks "$worker")
    reqs=$(awk '/requests in/ {print $1}' "$work/wrk")
    per() { echo "$1 $2" | awk -v r="$reqs" -v hz="$hz" '{printf "%.1f", ($2 - $1) * 1e6 / hz / r}'; }
    echo "$1: $(awk '/Requests\/sec/ {print $2}' "$work/wrk") requests/s; worker $(per "${w0% *}" "${w1% *}") us/request"
    if [ "$1" = memsnap ]; then
        threads "$tracer" >"$work/th1"; j1=$(ticks "$tracer"); g1=$(ticks "$guard")
        echo "  memsnap JVM $(per "${j0% *}" "${j1% *}"), perf script $(per "${j0#* }" "${j1#* }"), perf record $(per "${g0#* }" "${g1#* }") us/request"
        join "$work/th0" "$work/th1" | awk -v r="$reqs" -v hz="$hz" '$3 > $2 {printf "    JVM thread %s %.1f us/request\n", $1, ($3 - $2) * 1e6 / hz / r}'
        wait "$tracer" || true; tracer=
        python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('  ' + ' | '.join(d['warnings']))" "$work/t.json"
    fi
    "$root/fixtures/bin/nginx-fixture" stop --prefix "$prefix" >/dev/null 2>&1 || true
    rm -rf "$prefix"
}
run none
run memsnap
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
