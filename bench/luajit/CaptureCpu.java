// SPDX-License-Identifier: Apache-2.0
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.lang.management.ManagementFactory;
import java.time.Clock;

/**
 * Frozen captures of one pid with every layer (glibc and nginx on this thread, LuaJIT beside them): one to warm the
 * JVM, then ROUNDS measured, each printed as the process CPU time (user + sys, both threads) it cost and its wall
 * time, with the
 * LuaJIT objects and glibc chunks found so that runs of two revisions can be checked to walk the same heap.
 * Usage (source-file mode): java -cp CLASSPATH bench/luajit/CaptureCpu.java PID ROUNDS
 */
public final class CaptureCpu {
    public static void main(String[] args) {
        int pid = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "bench");
        for (int r = 0; r <= rounds; r++) {
            long before = os.getProcessCpuTime();
            long start = System.nanoTime();
            ProcessSnapshot p = capturer.captureLive(pid, CaptureOptions.defaults()).processes().get(0);
            long cpu = os.getProcessCpuTime() - before;
            long wall = System.nanoTime() - start;
            long objects = p.luajit().map(l -> l.objects().stream().mapToLong(t -> t.count()).sum()).orElse(0L);
            long chunks = p.glibc().map(g -> g.arenas().stream().mapToLong(a -> a.inUseCount() + a.freeCount()).sum())
                    .orElse(0L);
            if (r > 0) {
                System.out.printf("capture_cpu_seconds %.3f wall_seconds %.3f objects %d chunks %d retainers %d%n",
                        cpu / 1e9, wall / 1e9, objects,
                        chunks, p.luajit().map(l -> l.retainers().size()).orElse(0));
            }
        }
    }
}
