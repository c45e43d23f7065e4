#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nginx walk benchmark: grows an nginx worker (fixture leak module) to ~100,000 live pools of 10 KiB (~1 GiB),
# captures it with every layer, walking the nginx layer twice in each capture (this build's walker and a baseline
# build's, from git revision BASE), and writes the median CPU times to bench/results/nginx-walk.md.
# Usage: bench/nginx/run.sh [pools] [rounds] [BASE]   (defaults 100000 5 HEAD)
set -eu
cd "$(dirname "$0")/../.."
cp_file=snapshot/target/bench.classpath
mvn -B -ntp -q -pl fixtures,snapshot test-compile dependency:build-classpath \
    -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=test
cp="snapshot/target/test-classes:snapshot/target/classes:fixtures/target/classes:$(cat "$cp_file")"
# the baseline's nginx packages, compiled against this build's other classes
base=snapshot/target/bench-baseline
rm -rf "$base" && mkdir -p "$base/src"
git archive "${3:-HEAD}" snapshot/src/main/java/io/memsnap/snapshot/nginx \
    snapshot/src/main/java/io/memsnap/snapshot/model/nginx | tar -x -C "$base/src"
javac -nowarn -d "$base" -cp "snapshot/target/classes:$(cat "$cp_file")" $(find "$base/src" -name '*.java')
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$cp" io.memsnap.snapshot.nginx.NginxBench bench/results/nginx-walk.md "${1:-100000}" \
    "${2:-5}" "$base" "$(git rev-parse --short "${3:-HEAD}")"
