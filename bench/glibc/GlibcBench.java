// SPDX-License-Identifier: Apache-2.0
// Benchmark of the glibc heap walk on a stopped target (run by run.sh, not part of the Maven build):
// walk time / raw read time (the image's memory: process_vm_readv through the non-faulting reader; 1 MiB reads
// bypass the block cache) of the same heap regions, measured alternately in one run, and the
// walker's peak RSS (VmHWM of this JVM). Usage: java -cp CLASSES GlibcBench.java PID ORACLE_XML OUT_PREFIX ROUNDS
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.glibc.GlibcWalkOptions;
import io.memsnap.snapshot.glibc.GlibcWalker;
import io.memsnap.snapshot.model.Mapping;
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
    public static void main(String[] args) throws Exception {
        int pid = Integer.parseInt(args[0]);
        String oracle = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        Path out = Path.of(args[2]);
        int rounds = Integer.parseInt(args[3]);
        double[] walk = new double[rounds];
        double[] raw = new double[rounds];
        double[] ahead = new double[rounds];
        LayerResult<GlibcHeap> result = null;
        long rawBytes = 0;
        for (int i = 0; i < rounds; i++) {
            try (LiveProcessImage image = LiveProcessImage.open(pid)) {
                long t0 = System.nanoTime();
                result = GlibcWalker.walk(image);
                walk[i] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                rawBytes = readRaw(image, result.section().orElseThrow());
                raw[i] = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                LayerResult<GlibcHeap> second = GlibcWalker.walk(image, GlibcWalkOptions.defaults().withReadAhead(true));
                ahead[i] = (System.nanoTime() - t0) / 1e9;
                // residency may differ: the raw read mapped the zero page into untouched top pages
                if (!chunkTotals(second).equals(chunkTotals(result))) {
                    throw new IllegalStateException("read-ahead walk differs from the plain walk");
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
        double walkMed = median(walk);
        double rawMed = median(raw);
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = walk[i] / raw[i];
        }
        double ratioMed = median(ratios);
        double[] aheadRatios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            aheadRatios[i] = ahead[i] / raw[i];
        }
        long hwm = vmHwmKib();
        String version = System.getProperty("java.version");
        String md = String.format(Locale.ROOT, """
                # glibc heap walk benchmark

                Target: `fixtures/c/glibc_bench.c`, stopped; %,d chunks walked, %,d bytes of heap regions.
                Rounds: %d (walk, then raw read of the same regions, alternately, in one JVM); medians. Round 1
                includes JIT warm-up (a one-shot `memsnap` run pays it).

                | metric | value | goal |
                |---|---|---|
                | walk time (s) | %.3f | |
                | raw read of the same regions, 1 MiB reads, no block cache (s) | %.3f | |
                | **walk / raw read** (median of per-round ratios) | **%.2f** | <= 1.5 |
                | walk / raw read, round 1 (cold JIT) | %.2f | |
                | walk with `readAhead` (2nd thread reads the next block) / raw read, median | %.2f | <= 1.5 |
                | memsnap peak RSS, VmHWM (MiB) | **%d** | <= 512 |
                | main arena in use + tcache + metadata == malloc_info in use | %s | exact |
                | warnings | %d | 0 |

                Per-round walk (s): %s
                Per-round raw read (s): %s
                Per-round ratio: %s
                Java %s, %d CPUs (shared machine: other processes may run at the same time).
                Per-round read-ahead walk (s): %s
                """, chunks, rawBytes, rounds, walkMed, rawMed, ratioMed, ratios[0], median(aheadRatios), hwm / 1024,
                inUse == oracleInUse ? "yes (" + inUse + ")" : "NO: " + inUse + " vs " + oracleInUse,
                result.warnings().size(), fmt(walk), fmt(raw), fmt(ratios), version,
                Runtime.getRuntime().availableProcessors(), fmt(ahead));
        Files.writeString(Path.of(out + ".md"), md, StandardCharsets.UTF_8);
        Files.writeString(Path.of(out + ".csv"), String.format(Locale.ROOT,
                "chunks,region_bytes,walk_s,raw_read_s,walk_over_raw,peak_rss_mib,exact%n%d,%d,%.3f,%.3f,%.3f,%d,%s%n",
                chunks, rawBytes, walkMed, rawMed, ratioMed, hwm / 1024, inUse == oracleInUse),
                StandardCharsets.UTF_8);
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
