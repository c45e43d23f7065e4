#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# glibc heap walk benchmark: builds the snapshot module and the bench fixture, starts the fixture (>= 1 GiB in
# >= 8 million chunks by default), waits until it has stopped itself, runs GlibcBench against it, then resumes
# and ends the fixture. Results: bench/results/glibc-walk.md and .csv.
# Usage: bench/glibc/run.sh [CHUNKS] [ROUNDS] [JAVA_OPTS...]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
chunks=${1:-8400000}
rounds=${2:-5}
[ $# -ge 2 ] && shift 2 || shift $#
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
cp="$root/snapshot/target/classes:$(cat "$work/classpath")"
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
mkdir -p bench/results
# shellcheck disable=SC2086
java $java_opts -cp "$cp" bench/glibc/GlibcBench.java "$pid" "$work/oracle.xml" bench/results/glibc-walk "$rounds"
kill -CONT "$pid"
echo quit >&3
exec 3>&-
wait "$pid" || true
pid=
cat bench/results/glibc-walk.md
