#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Same-round comparison of whole frozen captures (glibc and nginx walks on one thread, LuaJIT beside them) against
# a baseline revision, as CPU time of the memsnap process (user + sys, both threads): builds this tree and REV (git
# archive, compiled offline in a temporary directory), starts one target (fixtures/c/luajit_beside_malloc.c: OBJECTS
# LuaJIT tables, CHUNKS freed glibc chunks, default 3000000 and 2000000) and captures it ROUNDS times per side,
# alternately, baseline first, one fresh JVM per capture (after a warm-up capture in it) with the launcher's flags.
# One line per capture on stdout, with the load average.
# Usage: bench/luajit/capture-compare.sh REV [ROUNDS] [OBJECTS] [CHUNKS]
set -eu
cd "$(dirname "$0")/../.."
rev=$1
rounds=${2:-5}
objects=${3:-3000000}
chunks=${4:-2000000}
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx440m -XX:NewRatio=5"
cp_file=snapshot/target/bench.classpath
mvn -B -ntp -o -q -pl snapshot -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
    -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=test
deps=$(cat "$cp_file")
base=$(mktemp -d)
fifo=$base/target.in
target_pid=
cleanup() {
    if [ -n "$target_pid" ]; then kill "$target_pid" 2>/dev/null || true; fi
    rm -rf "$base"
}
trap cleanup EXIT
git archive "$rev" | tar -x -C "$base"
(cd "$base" && mvn -B -ntp -o -q -pl snapshot -am test-compile -Dspotless.check.skip=true)
gcc -O1 fixtures/c/luajit_beside_malloc.c -I/usr/include/luajit-2.1 -lluajit-5.1 -o "$base/target"
mkfifo "$fifo"
"$base/target" "$objects" "$chunks" <"$fifo" >"$base/target.out" &
target_pid=$!
exec 3>"$fifo" # holds the target's stdin open: it waits until the end of this script
while ! grep -q READY "$base/target.out"; do sleep 1; done
for r in $(seq 1 "$rounds"); do
    for side in baseline this; do
        if [ "$side" = baseline ]; then root=$base; else root=$(pwd); fi
        # shellcheck disable=SC2086
        line=$(java $flags -cp "$root/snapshot/target/classes:$deps" bench/luajit/CaptureCpu.java "$target_pid" 1)
        echo "$side round $r: $line load $(cut -d' ' -f1-3 /proc/loadavg)"
    done
done
