// SPDX-License-Identifier: Apache-2.0
// Pause benchmark for bench/capture/heaps.sh (not part of the Maven build): for one pid, ROUNDS rounds, each
// measuring side by side in this order:
//   raw   the baseline: stop the target (Freezer), read every resident page of its copied mappings once into one
//         reused buffer (pagemap first, process_vm_readv runs of up to 1 MiB), let it run; the stop is the time
//   copy  memsnap's frozen copy (CopiedProcessImage.capture): the pause it reports, and the whole call
//   gcore gdb's gcore of the target into a temporary file (the target is stopped for the whole call)
// Prints one line per round: "ROUND RAW_S COPY_PAUSE_S COPY_TOTAL_S GCORE_S COPIED_BYTES".
// Usage: java -cp cli/target/memsnap.jar bench/capture/PauseBench.java PID ROUNDS [--no-gcore]
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.live.CopiedProcessImage;
import io.memsnap.snapshot.target.live.CopyOptions;
import io.memsnap.snapshot.target.live.Freezer;
import io.memsnap.snapshot.target.live.ProcessVmMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public class PauseBench {
    private static final int RUN = 1 << 20;

    public static void main(String[] args) throws Exception {
        int pid = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        boolean gcore = args.length < 3 || !args[2].equals("--no-gcore");
        CopyOptions opts = new CopyOptions(Duration.ofSeconds(60), Duration.ofSeconds(5), Optional.empty());
        raw(pid); // warm-up: class loading, JNA binding
        try (CopiedProcessImage warm = CopiedProcessImage.capture(pid, opts)) {
            warm.copiedBytes();
        }
        for (int r = 1; r <= rounds; r++) {
            double rawS = raw(pid);
            long t0 = System.nanoTime();
            double pauseS;
            long bytes;
            try (CopiedProcessImage img = CopiedProcessImage.capture(pid, opts)) {
                pauseS = img.pauseMillis() / 1000.0;
                bytes = img.copiedBytes();
            }
            double totalS = (System.nanoTime() - t0) / 1e9;
            double gcoreS = gcore ? gcore(pid) : 0;
            System.out.printf(Locale.ROOT, "%d %.4f %.4f %.4f %.4f %d%n", r, rawS, pauseS, totalS, gcoreS, bytes);
        }
    }

    /** Seconds the target was stopped for a raw read of the pages a copy holds. */
    private static double raw(int pid) throws Exception {
        byte[] buf = new byte[RUN];
        try (Memory mem = ProcessVmMemory.open(pid); PagemapResidency pm = PagemapResidency.open(pid, 0)) {
            long t0 = System.nanoTime();
            try (Freezer f = Freezer.freeze(pid, Duration.ofSeconds(5))) {
                List<Mapping> maps = SmapsParser.parse(ProcFs.readText(pid, "smaps"));
                for (Mapping m : maps) {
                    if (!m.readable() || !(m.writable() || m.inode() == 0) || m.path().startsWith("[v")) {
                        continue;
                    }
                    BitSet res = pm.residentPages(m.start(), m.end()).orElseThrow();
                    for (int i = res.nextSetBit(0); i >= 0; ) {
                        int end = res.nextClearBit(i);
                        for (long p = m.start() + i * 4096L; p < m.start() + end * 4096L; p += RUN) {
                            int n = (int) Math.min(RUN, m.start() + end * 4096L - p);
                            try {
                                mem.read(p, buf, 0, n);
                            } catch (RuntimeException e) {
                                // a guard page: not readable
                            }
                        }
                        i = res.nextSetBit(end);
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Seconds gcore takes (the target is stopped throughout). */
    private static double gcore(int pid) throws Exception {
        Path dir = Files.createTempDirectory("pausebench");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("gcore", "-o", dir.resolve("core").toString(), Integer.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("gcore failed for pid " + pid);
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            try (var s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
