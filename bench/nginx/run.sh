#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nginx walk benchmark: grows an nginx worker (fixture leak module) to ~100,000 live pools of 10 KiB (~1 GiB),
# captures it with every layer, walking the nginx layer twice in each capture (this build's walker and a baseline
# build's, from git revision BASE), and writes the median CPU times to OUT (default bench/results/nginx-walk.md).
# The pools' blocks are written whole (resident, a ~1 GiB worker); NGINX_BENCH_TOUCH=0 leaves them untouched as
# before (the worker is then ~410 MiB resident).
# Usage: bench/nginx/run.sh [pools] [rounds] [BASE] [OUT]   (defaults 100000 5 HEAD bench/results/nginx-walk.md)
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
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dnginx.bench.touch="${NGINX_BENCH_TOUCH:-1}" -cp "$cp" \
    io.memsnap.snapshot.nginx.NginxBench "${4:-bench/results/nginx-walk.md}" "${1:-100000}" "${2:-5}" "$base" \
    "$(git rev-parse --short "${3:-HEAD}")"
