# SPDX-License-Identifier: Apache-2.0
# memsnap trace guard: adds the uprobes, runs perf record, and removes the probes again on every way out.
# It outlives memsnap on purpose: when memsnap exits for any reason (even SIGKILL) its end of our stdin closes,
# which stops perf record (SIGINT, so perf.data is complete) and deletes the probe groups.
#   sh -c "$(cat guard.sh)" guard PERF PROBE_FILE ERR_FILE "GROUPS" "RECORD_ARGS" ["RECORD_ARGS_2"]
# PROBE_FILE holds one probe per line: BINARY<TAB>PERF_PROBE_SPEC. Each RECORD_ARGS is one perf record argument
# list split on blanks (memsnap writes them without blanks inside an argument); a second one runs a second perf
# record beside the first. Prints ADDED, PERF_EXIT <rc>, CLEANED.
perf=$1; probes=$2; errfile=$3; groups=$4; args1=$5; args2=${6:-}
set -f
trap '' INT TERM HUP PIPE
cleanup() {
  for g in $groups; do "$perf" probe -q -d "$g:*" >/dev/null 2>&1; done
  echo CLEANED
}
tab=$(printf '\t')
while IFS="$tab" read -r bin spec; do
  if ! "$perf" probe -q -x "$bin" -a "$spec" >/dev/null 2>>"$errfile"; then
    echo "PROBE_FAILED $spec"
    cleanup
    exit 1
  fi
done < "$probes"
echo ADDED
exec 3<&0
"$perf" record $args1 </dev/null >/dev/null 2>>"$errfile" &
p=$!
p2=
if [ -n "$args2" ]; then
  "$perf" record $args2 </dev/null >/dev/null 2>>"$errfile" &
  p2=$!
fi
(cat <&3 >/dev/null; kill -INT $p $p2 2>/dev/null) &
w=$!
exec 3<&-
wait "$p"
rc=$?
[ -n "$p2" ] && kill -INT "$p2" 2>/dev/null && wait "$p2"
echo "PERF_EXIT $rc"
kill "$w" 2>/dev/null
cleanup
