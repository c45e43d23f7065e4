#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Whole-capture speed of the churn workload (issue 9: copy plus walk <= 3 s), a baseline build against this one in
# the same rounds, alternating: per round and build, one `memsnap -p PID` with the launcher's JVM flags (wall, user
# and sys CPU, peak RSS) and one PhaseBench capture (CPU of the whole JVM per stage: copying, glibc, luajit, nginx,
# findings), with the 1-minute load average. CPU time is the measure on a shared machine; wall is recorded beside it.
# Results: bench/results/capture-speed.csv. Needs root, java 17, luajit, /usr/bin/time.
# A jar with a class data sharing archive beside it (X.jar, X.jsa: what ./memsnap dumps, java -Xshare:dump
# -XX:SharedClassListFile=cli/src/main/cds/memsnap.classlist -XX:SharedArchiveFile=X.jsa -cp X.jar) runs with it,
# as the launcher does; PhaseBench runs without (its class path differs, so the JVM ignores the archive).
# SPEED_HEAP=still captures fixtures/lua/churn.lua in its still mode instead: the same live set, built once and left still (no
# garbage, no churning core), so every capture walks the same heap; then the results go to capture-speed-still.csv.
# Usage: [SPEED_HEAP=still] bench/capture/speed.sh BASELINE_JAR NEW_JAR [ROUNDS] [SLOTS PER_SLOT]
#        (default 3 rounds, 600 1000)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
base=$1
new=$2
rounds=${3:-3}
slots=${4:-600}
per=${5:-1000}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
cd "$root"
heap=${SPEED_HEAP:-churn}
case "$heap" in
    churn) luajit fixtures/lua/churn.lua "$slots" "$per" > "$work/ready" & ;;
    still) luajit fixtures/lua/churn.lua "$slots" "$per" still > "$work/ready" & ;;
    *) echo "SPEED_HEAP is churn or still" >&2; exit 2 ;;
esac
while ! grep -q READY "$work/ready" 2>/dev/null; do sleep 0.2; done
pid=$(awk '{print $2}' "$work/ready")
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
csv=bench/results/capture-speed.csv
[ "$heap" = still ] && csv=bench/results/capture-speed-still.csv
echo "round,build,wall_s,user_s,sys_s,peak_rss_mib,copying_cpu_s,glibc_cpu_s,luajit_cpu_s,nginx_cpu_s,findings_cpu_s,capture_cpu_s,load1" > "$csv.tmp"
for r in $(seq 1 "$rounds"); do
    for build in base new; do
        eval jar=\$$build
        cds=
        if [ -f "${jar%.jar}.jsa" ]; then
            cds="-XX:SharedArchiveFile=${jar%.jar}.jsa"
        fi
        load=$(cut -d' ' -f1 /proc/loadavg)
        # shellcheck disable=SC2086
        /usr/bin/time -o "$work/time" -f "%e %U %S %M" java $cds $flags -jar "$jar" -p "$pid" --max-pause 30s \
            -o "$work/report.txt" 2> "$work/err" || cat "$work/err" >&2
        # shellcheck disable=SC2086
        java $flags -cp "$jar" bench/capture/PhaseBench.java "$pid" 1 > "$work/phases"
        stage() { awk -v s="$1" '$2 == s {print $4}' "$work/phases"; }
        set -- $(cat "$work/time")
        echo "$r,$build,$1,$2,$3,$(($4 / 1024)),$(stage copying),$(stage glibc),$(stage luajit),$(stage nginx),$(stage findings),$(stage total),$load" >> "$csv.tmp"
    done
done
mv "$csv.tmp" "$csv"
cat "$csv"
