#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# More walker fuzz cases than the test suite runs (WalkerFuzzIT: 12 cases, seed 9): corrupted frozen copies of a real
# luajit process fed to the glibc and LuaJIT walkers; fails on a hang (60 s per case), an escaped exception or an
# impossible number, printing the seed to rerun it with. Needs root, java 17, maven, luajit.
# Usage: bench/capture/fuzz.sh [CASES] [SEED]    (default: 200 cases, a random seed)
set -eu
cases=${1:-200}
seed=${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
cd "$(dirname "$0")/../.."
echo "fuzz: $cases cases, seed $seed" >&2
mvn -B -ntp -pl snapshot -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=WalkerFuzzIT \
    -Dfailsafe.failIfNoSpecifiedTests=false -Dfuzz.cases="$cases" -Dfuzz.seed="$seed" | grep -E "fuzz:|Tests run|FAIL"
