// SPDX-License-Identifier: Apache-2.0
// Where a whole capture's time goes (issue 9, bench/capture/phases.sh; not part of the Maven build): for one pid,
// ROUNDS frozen captures through the Capturer API in one JVM (the report command's capture, with its default layers),
// then the findings. For each round and each stage (copying, glibc, luajit, nginx, findings) it prints the wall time
// and the CPU time of this whole JVM (all threads: the walk, GC, JIT compilers) spent in it, so the numbers stay
// meaningful on a loaded machine. Round 1 includes the JIT warm-up a real `memsnap -p PID` pays. Since LuaJIT walks
// on a second thread beside glibc and nginx (Capturer), the glibc and nginx stages include LuaJIT's CPU of that
// time and the luajit stage is the rest of its walk: only the total compares across that change.
// Prints one line per round and stage: "ROUND STAGE WALL_S CPU_S", then "ROUND total WALL_S CPU_S".
// Usage: java [JVM flags] -cp cli/target/memsnap.jar bench/capture/PhaseBench.java PID ROUNDS
import com.sun.management.OperatingSystemMXBean;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.CaptureProgress;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.Snapshot;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

public class PhaseBench {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static int round;
    private static String stage;
    private static long wall;
    private static long cpu;

    public static void main(String[] args) {
        int pid = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "bench");
        CaptureOptions options = CaptureOptions.defaults().withCopyLimits(Duration.ofSeconds(30), Optional.empty());
        CaptureProgress progress = (index, count, p, st, bytes) -> next(st);
        for (round = 1; round <= rounds; round++) {
            long wall0 = System.nanoTime();
            long cpu0 = OS.getProcessCpuTime();
            stage = null;
            Snapshot s = capturer.captureLive(pid, options, progress);
            next("findings");
            int findings = FindingsEngine.withDefaultRules().analyze(s).size();
            next(null);
            System.out.printf(Locale.ROOT, "%d total %.3f %.3f %d%n", round, (System.nanoTime() - wall0) / 1e9,
                    (OS.getProcessCpuTime() - cpu0) / 1e9, findings);
        }
    }

    /** Ends the current stage (printing it) and starts {@code st}. */
    private static void next(String st) {
        long w = System.nanoTime();
        long c = OS.getProcessCpuTime();
        if (stage != null) {
            System.out.printf(Locale.ROOT, "%d %s %.3f %.3f%n", round, stage, (w - wall) / 1e9, (c - cpu) / 1e9);
        }
        stage = st;
        wall = w;
        cpu = c;
    }
}
