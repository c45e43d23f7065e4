# SPDX-License-Identifier: Apache-2.0
# memsnap trace burst guard: adds the uprobes, runs one short perf record per BURST line memsnap writes to our
# stdin, and removes the probes at the end of that input, which also comes when memsnap dies (even by SIGKILL):
# then nothing stays armed longer than the burst under way. The breakpoints exist only while a perf record has the
# events open (a disabled perf event still traps: measured), so a burst is a whole perf record run.
#   sh -c "$(cat burst.sh)" burst PERF PROBE_FILE ERR_FILE UPROBE_EVENTS
# stdin: "BURST SECONDS PIDS STAT_FILE STAT_EVENTS RECORD_ARGS" (RECORD_ARGS split on blanks, -o included) runs
# "perf record RECORD_ARGS -- sleep SECONDS" and beside it "perf stat" counting STAT_EVENTS (comma-separated; the
# same breakpoints, so no extra trap: every call, before the record's size filter) of PIDS into STAT_FILE; prints
# "DONE <rc>". Prints ADDED, then CLEANED at the end.
perf=$1; probes=$2; errfile=$3; events=$4
set -f
trap '' INT TERM HUP PIPE
cleanup() {
  while read -r def rest; do
    echo "-:${def#*:}" >> "$events" 2>/dev/null
  done < "$probes"
  echo CLEANED
}
while read -r line; do
  if ! echo "$line" >> "$events" 2>>"$errfile"; then
    echo "PROBE_FAILED $line"
    cleanup
    exit 1
  fi
done < "$probes"
echo ADDED
while read -r cmd secs pids statfile statevents args; do
  [ "$cmd" = BURST ] || break
  "$perf" stat -x, -o "$statfile" -e "$statevents" -p "$pids" -- sleep "$secs" </dev/null >/dev/null 2>>"$errfile" &
  s=$!
  "$perf" record $args -- sleep "$secs" </dev/null >/dev/null 2>>"$errfile"
  rc=$?
  wait "$s"
  echo "DONE $rc"
done
cleanup
