// SPDX-License-Identifier: Apache-2.0
// Baseline for bench/capture/run.sh (not part of the Maven build): reads every resident page of each given process
// once, in runs of up to 1 MiB through process_vm_readv (ProcessVmMemory, no cache), and prints
// "PID RESIDENT_BYTES SECONDS" per process. Pages not resident are not read, so the target is not faulted into.
// Usage: java -cp cli/target/memsnap.jar RawRead.java PID...
import io.memsnap.snapshot.target.live.ProcessVmMemory;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

public class RawRead {
    private static final int RUN = 1 << 20;

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            int pid = Integer.parseInt(a);
            read(pid); // warm-up: class loading, JIT, JNA binding
            long t0 = System.nanoTime();
            long bytes = read(pid);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "%d %d %.4f%n", pid, bytes, s);
        }
    }

    private static long read(int pid) throws Exception {
        List<Mapping> maps = SmapsParser.parse(ProcFs.readText(pid, "smaps"));
        long total = 0;
        byte[] buf = new byte[RUN];
        try (Memory mem = ProcessVmMemory.open(pid); PagemapResidency pm = PagemapResidency.open(pid, 0)) {
            for (Mapping m : maps) {
                if (!m.readable() || m.path().equals("[vsyscall]")) {
                    continue;
                }
                BitSet r = pm.residentPages(m.start(), m.end()).orElseThrow();
                for (int i = r.nextSetBit(0); i >= 0; ) {
                    int end = r.nextClearBit(i);
                    long from = m.start() + i * 4096L;
                    long to = m.start() + end * 4096L;
                    for (long p = from; p < to; p += RUN) {
                        int n = (int) Math.min(RUN, to - p);
                        try {
                            mem.read(p, buf, 0, n);
                            total += n;
                        } catch (RuntimeException e) {
                            // a guard page or a [vvar] page: not readable, not counted
                        }
                    }
                    i = r.nextSetBit(end);
                }
            }
        }
        return total;
    }
}
