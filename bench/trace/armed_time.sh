#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# How long memsnap trace's breakpoints really stay installed per burst. A uprobe breakpoint replaces the probed
# text page of libc in the target by a private copy, which /proc/PID/smaps shows as Anonymous bytes of libc's
# executable mapping; this samples that every 20 ms while memsnap trace records an idle process in bursts of
# BURST ms, one in EVERY, and prints the armed share beside the planned one (BURST / (EVERY * BURST)) and the
# arming overhead per burst it implies. Needs root, java 17, maven (builds the cli), linux-perf.
# Usage: bench/trace/armed_time.sh [SECONDS] [EVERY] [BURST_MS]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-20} every=${2:-5} burst=${3:-500}
jar=$root/cli/target/memsnap.jar
[ -f "$jar" ] || (cd "$root" && mvn -B -ntp -q -Dmaven.test.skip=true -pl cli -am package)
sleep $((seconds + 30)) &
target=$!
out=$(mktemp)
trap 'kill $target 2>/dev/null; rm -f "$out"' EXIT INT TERM
java -jar "$jar" trace -p "$target" --duration "${seconds}s" --every "$every" --burst "${burst}ms" -q -o "$out" &
tracer=$!
# counted from the first armed sample to the last (memsnap's start-up and final read are not part of the window)
armed=0 n=0 first=-1 last=-1
while kill -0 "$tracer" 2>/dev/null; do
    a=$(awk '/libc.so.6/ && / r-xp / {f=1; next} f && /^Anonymous:/ {print $2; exit}' "/proc/$target/smaps")
    if [ "${a:-0}" -gt 0 ]; then
        armed=$((armed + 1)); last=$n; [ $first -lt 0 ] && first=$n
    fi
    n=$((n + 1))
    sleep 0.02
done
echo "$armed $((last - first + 1)) $every $burst" | awk '{share = $1 / $2; planned = 1 / $3;
    printf "armed in %d of %d samples: %.1f%% of the time (planned %.1f%%); about %.0f ms armed per %d ms burst\n",
        $1, $2, 100 * share, 100 * planned, share * $3 * $4, $4}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
