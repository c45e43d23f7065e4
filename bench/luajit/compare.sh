#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Same-round comparison of the LuaJIT graph phases against a baseline revision: builds this tree and the baseline
# (git archive of REV, compiled offline in a temporary directory), then runs LuaJitBench alternately, baseline
# first, ROUNDS pairs, with the launcher's flags. Each run's json goes to bench/results/luajit-graph/, and one line
# per run (GC walk CPU, graph CPU, ratio, peak RSS, load) to stdout. OUT=DIR writes the json elsewhere.
# Usage: bench/luajit/compare.sh REV [ROUNDS]
set -eu
cd "$(dirname "$0")/../.."
rev=$1
rounds=${2:-3}
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx440m -XX:NewRatio=5"
out=${OUT:-bench/results/luajit-graph}
mkdir -p "$out"
cp_file=snapshot/target/bench.classpath
mvn -B -ntp -o -q -pl snapshot -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
    -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=test
deps=$(cat "$cp_file")
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT
git archive "$rev" | tar -x -C "$base"
(cd "$base" && mvn -B -ntp -o -q -pl snapshot -am test-compile -Dspotless.check.skip=true)
for r in $(seq 1 "$rounds"); do
    for side in baseline this; do
        if [ "$side" = baseline ]; then root=$base; else root=$(pwd); fi
        json=$out/$side-$r.json
        # shellcheck disable=SC2086
        java $flags -cp "$root/snapshot/target/test-classes:$root/snapshot/target/classes:$root/fixtures/target/classes:$deps" \
            io.memsnap.snapshot.luajit.LuaJitBench "$json" >/dev/null
        python3 - "$json" "$side" "$r" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
w, g = j["gc_walk_only_cpu_seconds"], j["graph_and_dominators_cpu_seconds"]
print(f'{sys.argv[2]:8} round {sys.argv[3]}: gc walk {w:.3f} s, graph {g:.3f} s CPU, ratio {g / w:.2f}x, '
      f'peak RSS {j["memsnap_peak_rss_bytes"] >> 20} MiB, objects {j["objects"]}, edges {j["graph_edges"]}, '
      f'reachable {j["reachable_objects"]}, top {j["top_retainer_bytes"]}, load {j["load_average"]}', flush=True)
PY
    done
done
