// SPDX-License-Identifier: Apache-2.0
// Benchmark of the glibc heap walk on a stopped target (run by run.sh, not part of the Maven build):
// walk time / raw read time (the image's memory: process_vm_readv through the non-faulting reader; 1 MiB reads
// bypass the block cache) of the same heap regions, measured alternately in one run, both as wall time and as this
// JVM's CPU time (user + sys of all its threads, GC and JIT included: on a loaded machine the steadier measure), and
// the walker's peak RSS (VmHWM of this JVM). A build whose options still have withReadAhead (before it was removed)
// also walks without read-ahead in every round. Writes OUT_PREFIX.md and OUT_PREFIX.csv (one row per round).
// Usage: java -cp CLASSES GlibcBench.java PID ORACLE_XML OUT_PREFIX ROUNDS [LABEL]
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.glibc.GlibcWalkOptions;
import io.memsnap.snapshot.glibc.GlibcWalker;
import io.memsnap.snapshot.model.Mapping;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GlibcBench {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int pid = Integer.parseInt(args[0]);
        String oracle = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        Path out = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String label = args.length > 4 ? args[4] : "current";
        Method withReadAhead = readAheadSwitch();
        double[] walk = new double[rounds];
        double[] walkCpu = new double[rounds];
        double[] raw = new double[rounds];
        double[] rawCpu = new double[rounds];
        double[] noAhead = new double[rounds];
        double[] noAheadCpu = new double[rounds];
        String[] load = new String[rounds];
        LayerResult<GlibcHeap> result = null;
        long rawBytes = 0;
        for (int i = 0; i < rounds; i++) {
            load[i] = loadAverage();
            try (LiveProcessImage image = LiveProcessImage.open(pid)) {
                long c0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                result = GlibcWalker.walk(image);
                walk[i] = (System.nanoTime() - t0) / 1e9;
                walkCpu[i] = (OS.getProcessCpuTime() - c0) / 1e9;
                c0 = OS.getProcessCpuTime();
                t0 = System.nanoTime();
                rawBytes = readRaw(image, result.section().orElseThrow());
                raw[i] = (System.nanoTime() - t0) / 1e9;
                rawCpu[i] = (OS.getProcessCpuTime() - c0) / 1e9;
                if (withReadAhead != null) {
                    GlibcWalkOptions off = (GlibcWalkOptions) withReadAhead.invoke(GlibcWalkOptions.defaults(), false);
                    c0 = OS.getProcessCpuTime();
                    t0 = System.nanoTime();
                    LayerResult<GlibcHeap> second = GlibcWalker.walk(image, off);
                    noAhead[i] = (System.nanoTime() - t0) / 1e9;
                    noAheadCpu[i] = (OS.getProcessCpuTime() - c0) / 1e9;
                    // residency may differ: the raw read mapped the zero page into untouched top pages
                    if (!chunkTotals(second).equals(chunkTotals(result))) {
                        throw new IllegalStateException("the walk without read-ahead differs from the default walk");
                    }
                }
            }
        }
        GlibcHeap heap = result.section().orElseThrow();
        long chunks = 0;
        long inUse = 0;
        for (GlibcArena a : heap.arenas()) {
            chunks += a.inUseCount() + a.freeCount() + a.tcacheCount() + a.fastbinCount();
            inUse += a.inUseBytes() + a.tcacheBytes() + a.metadataBytes();
        }
        long oracleSystem = first(oracle, "<system type=\"current\" size=\"(\\d+)\"/>");
        long oracleFast = first(oracle, "<total type=\"fast\" count=\"\\d+\" size=\"(\\d+)\"/>");
        long oracleRestCount = first(oracle, "<total type=\"rest\" count=\"(\\d+)\"");
        long oracleRest = first(oracle, "<total type=\"rest\" count=\"\\d+\" size=\"(\\d+)\"/>") - (oracleRestCount - 1);
        long oracleInUse = oracleSystem - oracleFast - oracleRest;
        boolean exact = inUse == oracleInUse;
        long hwm = vmHwmKib();
        String version = System.getProperty("java.version");
        String md = String.format(Locale.ROOT, """
                # glibc heap walk benchmark (%s)

                Target: `fixtures/c/glibc_bench.c`, stopped; %,d chunks walked, %,d bytes of heap regions.
                Rounds: %d (walk, then raw read of the same regions, alternately, in one JVM); medians of the
                per-round ratios. Round 1 includes JIT warm-up (a one-shot `memsnap` run pays it).
                CPU: this JVM's user + sys time over all its threads while the step ran.

                | metric | value | goal |
                |---|---|---|
                | walk time, defaults (s) | %.3f | |
                | raw read of the same regions, 1 MiB reads, no block cache (s) | %.3f | |
                | **walk / raw read, wall** (median of per-round ratios) | **%.2f** | <= 1.5 |
                | **walk / raw read, CPU** (median of per-round ratios) | **%.2f** | |
                | walk / raw read, wall, round 1 (cold JIT) | %.2f | |
                | walk without read-ahead / raw read, wall / CPU (builds that have read-ahead) | %s | |
                | memsnap peak RSS, VmHWM (MiB) | **%d** | <= 512 |
                | main arena in use + tcache + metadata == malloc_info in use | %s | exact |
                | warnings | %d | 0 |

                Per-round walk (s): %s (CPU %s)
                Per-round raw read (s): %s (CPU %s)
                Per-round walk without read-ahead (s): %s (CPU %s)
                Load average (1, 5, 15 min) before each round: %s
                Java %s, %d CPUs, JVM flags %s.
                """, label, chunks, rawBytes, rounds, median(walk), median(raw), median(ratios(walk, raw)),
                median(ratios(walkCpu, rawCpu)), walk[0] / raw[0],
                withReadAhead == null ? "(none)" : String.format(Locale.ROOT, "%.2f / %.2f",
                        median(ratios(noAhead, raw)), median(ratios(noAheadCpu, rawCpu))),
                hwm / 1024, exact ? "yes (" + inUse + ")" : "NO: " + inUse + " vs " + oracleInUse,
                result.warnings().size(), fmt(walk), fmt(walkCpu), fmt(raw), fmt(rawCpu),
                withReadAhead == null ? "-" : fmt(noAhead), withReadAhead == null ? "-" : fmt(noAheadCpu),
                String.join("; ", load), version, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        Files.writeString(Path.of(out + ".md"), md, StandardCharsets.UTF_8);
        StringBuilder csv = new StringBuilder("build,round,chunks,region_bytes,walk_s,walk_cpu_s,raw_read_s,raw_read_cpu_s,"
                + "walk_no_read_ahead_s,walk_no_read_ahead_cpu_s,peak_rss_mib,exact,load1\n");
        for (int i = 0; i < rounds; i++) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.3f,%.3f,%.3f,%.3f,%s,%s,%d,%s,%s%n", label, i + 1,
                    chunks, rawBytes, walk[i], walkCpu[i], raw[i], rawCpu[i],
                    withReadAhead == null ? "" : String.format(Locale.ROOT, "%.3f", noAhead[i]),
                    withReadAhead == null ? "" : String.format(Locale.ROOT, "%.3f", noAheadCpu[i]),
                    hwm / 1024, exact, load[i].split(" ")[0]));
        }
        Files.writeString(Path.of(out + ".csv"), csv, StandardCharsets.UTF_8);
    }

    /** GlibcWalkOptions.withReadAhead(boolean) of builds that still have read-ahead, else null. */
    static Method readAheadSwitch() {
        try {
            return GlibcWalkOptions.class.getMethod("withReadAhead", boolean.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    static String loadAverage() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** Reads the mappings holding the arenas' heaps, whole, in 1 MiB reads. */
    static long readRaw(LiveProcessImage image, GlibcHeap heap) {
        List<Mapping> maps = new ArrayList<>();
        for (Mapping m : image.mappings()) {
            if (m.readable() && (m.path().equals("[heap]")
                    || heap.arenas().stream().anyMatch(a -> a.address() >= m.start() && a.address() < m.end()))) {
                maps.add(m);
            }
        }
        byte[] buf = new byte[1 << 20];
        long total = 0;
        for (Mapping m : maps) {
            for (long p = m.start(); p < m.end(); p += buf.length) {
                int n = (int) Math.min(buf.length, m.end() - p);
                image.memory().read(p, buf, 0, n);
                total += n;
            }
        }
        return total;
    }

    static List<String> chunkTotals(LayerResult<GlibcHeap> w) {
        List<String> out = new ArrayList<>();
        for (GlibcArena a : w.section().orElseThrow().arenas()) {
            out.add(a.inUseBytes() + "/" + a.freeBytes() + "/" + a.topBytes() + "/" + a.tcacheBytes() + "/"
                    + a.fastbinBytes() + "/" + a.histogram() + "/" + a.commonSizes() + "/" + a.warnings());
        }
        return out;
    }

    static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", d));
        }
        return sb.toString();
    }

    static long first(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        if (!m.find()) {
            throw new IllegalArgumentException(regex);
        }
        return Long.parseLong(m.group(1));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static long vmHwmKib() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
