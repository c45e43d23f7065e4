# SPDX-License-Identifier: Apache-2.0
# memsnap trace guard: adds the uprobes, runs perf record, and removes the probes again on every way out.
# It outlives memsnap on purpose: when memsnap exits for any reason (even SIGKILL) its end of our stdin closes,
# which stops perf record (SIGINT, so perf.data is complete) and deletes the probe groups.
#   sh -c "$(cat guard.sh)" guard PERF PROBE_FILE ERR_FILE UPROBE_EVENTS "RECORD_ARGS" ["RECORD_ARGS_2"]
#   sh -c "$(cat guard.sh)" guard PERF PROBE_FILE ERR_FILE UPROBE_EVENTS BURSTS   (bursts on demand, see below)
# PROBE_FILE holds one uprobe_events definition per line ("r:GROUP/EVENT PATH:0xOFFSET ARGS"); they are appended to
# UPROBE_EVENTS (the kernel's tracefs file) and deleted from it again. Each RECORD_ARGS is one perf record argument
# list split on blanks (memsnap writes them without blanks inside an argument); a second one runs a second perf
# record beside the first. Prints ADDED, RECORDING, PERF_EXIT <rc>, CLEANED.
perf=$1; probes=$2; errfile=$3; events=$4; args1=$5; args2=${6:-}
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
if [ "$args1" = BURSTS ]; then
  # bursts: one short perf record per "BURST SECONDS RECORD_ARGS" line on our stdin (RECORD_ARGS split on blanks,
  # -o included): "perf record RECORD_ARGS -- sleep SECONDS"; prints "DONE <rc>". The breakpoints exist only while
  # perf has the events open (a disabled perf event still traps: measured), so a burst is a whole perf run. The
  # calls are counted by the kernel's uprobe_profile (memsnap reads it), not by a perf stat beside it. At the end of
  # our stdin (memsnap done, or dead) nothing stays armed longer than the burst under way.
  while read -r cmd secs args; do
    [ "$cmd" = BURST ] || break
    "$perf" record $args -- sleep "$secs" </dev/null >/dev/null 2>>"$errfile"
    echo "DONE $?"
  done
  cleanup
  exit 0
fi
# perf record starts with its events disabled and is enabled through a control fifo, whose ack tells us the
# window has really begun (perf's own start-up takes seconds on a loaded machine).
dir=$(dirname "$probes")
mkfifo "$dir/ctl1" "$dir/ack1" "$dir/ctl2" "$dir/ack2" || { cleanup; exit 1; }
exec 4<>"$dir/ctl1" 5<>"$dir/ack1" 6<>"$dir/ctl2" 7<>"$dir/ack2"
exec 3<&0
"$perf" record -D -1 --control fd:4,5 $args1 </dev/null >/dev/null 2>>"$errfile" &
p=$!
p2=
if [ -n "$args2" ]; then
  "$perf" record -D -1 --control fd:6,7 $args2 </dev/null >/dev/null 2>>"$errfile" &
  p2=$!
fi
(cat <&3 >/dev/null; kill -INT $p $p2 2>/dev/null) &
w=$!
exec 3<&-
# a perf that dies before its ack (bad event, no permission) would leave the read below waiting forever
(while kill -0 "$p" 2>/dev/null; do sleep 0.2; done; echo died >&5; echo died >&7) &
d=$!
echo enable >&4
read -r ack <&5
if [ -n "$p2" ] && [ "$ack" = ack ]; then
  echo enable >&6
  read -r ack <&7
fi
[ "$ack" = ack ] && echo RECORDING
wait "$p"
rc=$?
[ -n "$p2" ] && kill -INT "$p2" 2>/dev/null && wait "$p2"
echo "PERF_EXIT $rc"
kill "$w" "$d" 2>/dev/null
cleanup
