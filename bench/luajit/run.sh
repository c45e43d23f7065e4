#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# LuaJIT GC-walk benchmark: builds a heap of ~5.5 million GC objects in a standalone luajit (/usr/bin/luajit),
# walks it with memsnap's LuaJitWalker while the target has stopped itself, and writes walk time, objects,
# the gc.total oracle and memsnap's peak RSS to bench/results/luajit-walk.json.
# Usage: bench/luajit/run.sh [extra JVM options, e.g. -Xmx256m]   (default heap: -Xmx256m)
set -eu
cd "$(dirname "$0")/../.."
cp_file=snapshot/target/bench.classpath
mvn -B -ntp -q -pl snapshot -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=test
cp="snapshot/target/test-classes:snapshot/target/classes:fixtures/target/classes:$(cat "$cp_file")"
jvm_opts=${*:--Xmx256m}
# shellcheck disable=SC2086
exec java $jvm_opts -cp "$cp" io.memsnap.snapshot.luajit.LuaJitBench bench/results/luajit-walk.json
