#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# What one uprobe hit costs on this machine: malloc_loop times malloc(64)+free pairs; in the middle of its run a
# single entry uprobe on free (fetching the chunk header, with memsnap's kernel filter csize>=4096, so no sample is
# ever written) is recorded by perf for a few seconds. The slowest round is the one under the probe. Needs root,
# gcc, linux-perf. Prints the per-round times; bench/results/trace.md quotes one run.
set -eu
work=$(mktemp -d)
events=/sys/kernel/tracing/uprobe_events
cleanup() { echo '-:uprobecost_libc/free' >> "$events" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
gcc -O2 -o "$work/loop" "$(dirname "$0")/malloc_loop.c"
libc=$(ldd "$work/loop" | awk '/libc.so/ {print $3}')
off=$(nm -D "$libc" | awk '$3 ~ /^free@@/ {print $1}')
echo "p:uprobecost_libc/free $(readlink -f "$libc"):0x$off ptr=%di:u64 csize=+-8(%di):u64" >> "$events"
"$work/loop" 8 > "$work/out" &
pid=$!
sleep 1.5
perf record -q -o "$work/perf.data" -p "$pid" -e uprobecost_libc:free --filter 'csize>=4096' -- sleep 4 2>/dev/null
wait "$pid"
sed -n '2,$p' "$work/out"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
