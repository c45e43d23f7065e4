#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nginx walk benchmark: grows an nginx worker (fixture leak module) to ~100,000 live pools of 10 KiB (~1 GiB),
# captures it alternately without and with the nginx layer, and writes the median capture times to
# bench/results/nginx-walk.md. Usage: bench/nginx/run.sh [pools] [rounds]   (defaults 100000 5)
set -eu
cd "$(dirname "$0")/../.."
cp_file=snapshot/target/bench.classpath
mvn -B -ntp -q -pl fixtures,snapshot test-compile dependency:build-classpath \
    -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=test
cp="snapshot/target/test-classes:snapshot/target/classes:fixtures/target/classes:$(cat "$cp_file")"
exec java -Xmx1g -cp "$cp" io.memsnap.snapshot.nginx.NginxBench bench/results/nginx-walk.md "${1:-100000}" "${2:-5}"
