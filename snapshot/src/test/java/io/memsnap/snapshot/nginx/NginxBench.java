// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import io.memsnap.snapshot.walk.WalkContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark behind {@code bench/nginx/run.sh}: an nginx worker with the leak module grown to about 100,000 live
 * pools of 10 KiB (about 1 GiB of pool blocks, written whole so that they are resident), captured with every layer. Inside each capture the nginx layer is
 * walked twice on the same copy, by this build's walker and by a baseline build's (its classes loaded from a
 * directory, first in alternate rounds so neither always finds warm caches), each timed in CPU time of the
 * capturing thread (user + system: other builds on the machine distort wall time, not this). The rest of the capture
 * is measured both as the capturing thread's CPU time and as the whole process's (the glibc walk reads ahead and
 * sorts on other threads). Writes the medians and the load average of each round. Not a test: no assertions.
 */
public final class NginxBench {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private NginxBench() {}

    /**
     * Arguments: output file, pools (default 100,000), rounds (default 5), baseline classes directory, baseline
     * revision (for the text).
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/nginx-walk.md");
        int pools = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Method baseline = baseline(Path.of(args.length > 3 ? args[3] : "snapshot/target/bench-baseline"));
        String revision = args.length > 4 ? args[4] : "?";
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, true)) {
            String truth = "";
            for (int made = 0; made < pools; made += 1000) {
                // touch=1: every block written whole, so the worker is resident at about 1 GiB, as the goal says
                truth = nginx.get("/leak?n=500&size=10240&large=0&small=10&touch="
                        + Integer.getInteger("nginx.bench.touch", 1));
            }
            int worker = (int) LeakModuleIT.number(truth, "pid");
            long[][] times = new long[4][rounds];
            List<String> loads = new ArrayList<>();
            StringBuilder perRound = new StringBuilder();
            ProcessSnapshot p = null;
            for (int i = 0; i < rounds; i++) {
                boolean baseFirst = i % 2 == 0;
                long[] walks = new long[2];
                List<LayerWalker> walkers = Layers.all(false).stream().map(l -> !l.name().equals("nginx") ? l
                        : LayerWalker.of("nginx", l::plan, (image, context) -> {
                            if (baseFirst) {
                                walks[1] = timed(() -> invoke(baseline, image, context));
                            }
                            LayerResult<?>[] mine = new LayerResult<?>[1];
                            walks[0] = timed(() -> mine[0] = l.walk(image, context));
                            if (!baseFirst) {
                                walks[1] = timed(() -> invoke(baseline, image, context));
                            }
                            return mine[0];
                        })).toList();
                Capturer capturer = new Capturer(Clock.systemUTC(), walkers, "bench");
                long thread = CPU.getCurrentThreadCpuTime();
                long process = OS.getProcessCpuTime();
                p = capturer.captureLive(worker, CaptureOptions.defaults()).processes().get(0);
                long restThread = CPU.getCurrentThreadCpuTime() - thread - walks[0] - walks[1];
                long restProcess = OS.getProcessCpuTime() - process - walks[0] - walks[1];
                times[0][i] = walks[0];
                times[1][i] = walks[1];
                times[2][i] = restThread;
                times[3][i] = restProcess;
                loads.add(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
                String row = String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %.1f%% | %.1f%% | %s |%n", i + 1,
                        walks[0] / 1_000_000, walks[1] / 1_000_000, restThread / 1_000_000, restProcess / 1_000_000,
                        100.0 * walks[0] / restThread, 100.0 * walks[0] / restProcess, loads.get(i));
                perRound.append(row);
                System.out.print(row);
            }
            long[] med = new long[4];
            for (int k = 0; k < 4; k++) {
                long[] sorted = times[k].clone();
                Arrays.sort(sorted);
                med[k] = sorted[rounds / 2] / 1_000_000;
            }
            String text = String.format(Locale.ROOT, "# nginx walk benchmark%n%n"
                    + "worker RSS %d MiB; module reports %d pools; nginx layer found %d pools, %d MiB of pool bytes%n%n"
                    + "Each capture walks the nginx layer twice on the same frozen copy: this build and the baseline"
                    + " build (git revision %s, alternating which goes first). CPU time, median of %d rounds (the first"
                    + " rounds run before the JIT has compiled the walkers, as a one-shot `memsnap -p` does):%n%n"
                    + "| part of one capture | median ms | share of the rest (thread) | share of the rest (process) |%n"
                    + "|---|---|---|---|%n"
                    + "| rest of the capture, capturing thread (copy, glibc, LuaJIT, breakdown) | %d | | |%n"
                    + "| rest of the capture, whole process (read-ahead and sort threads, GC, JIT) | %d | | |%n"
                    + "| nginx walk, this build | %d | %.1f%% | %.1f%% |%n"
                    + "| nginx walk, baseline | %d | %.1f%% | %.1f%% |%n%n"
                    + "Bound: 10%% of the capture. Load average (1 min) after each round: %s; /proc/loadavg at the end:"
                    + " %s. Other helpers' builds ran on the same 2 cores.%n%n"
                    + "| round | nginx ms | baseline ms | rest ms (thread) | rest ms (process) | nginx / rest (thread) |"
                    + " nginx / rest (process) | load (1 min) |%n|---|---|---|---|---|---|---|---|%n%s",
                    p.rssBytes() >> 20,
                    LeakModuleIT.number(truth, "pools"), p.nginx().orElseThrow().pools().count(),
                    p.nginx().orElseThrow().pools().bytes() >> 20, revision, rounds, med[2], med[3], med[0],
                    100.0 * med[0] / med[2], 100.0 * med[0] / med[3], med[1], 100.0 * med[1] / med[2],
                    100.0 * med[1] / med[3], String.join(", ", loads),
                    Files.readString(Path.of("/proc/loadavg")).trim(), perRound);
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.print(text);
        }
    }

    private static long timed(Runnable r) {
        long start = CPU.getCurrentThreadCpuTime();
        r.run();
        return CPU.getCurrentThreadCpuTime() - start;
    }

    /** The baseline's {@code NginxWalker.walk(image, context, NginxOptions.defaults())}, its result discarded. */
    private static void invoke(Method walk, Object image, WalkContext context) {
        try {
            Object options = walk.getParameterTypes()[2].getMethod("defaults").invoke(null);
            walk.invoke(null, image, context, options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("baseline nginx walker failed", e);
        }
    }

    /** The baseline build's walker: its nginx packages loaded child-first from {@code classes}, the rest shared. */
    private static Method baseline(Path classes) throws Exception {
        ClassLoader parent = NginxBench.class.getClassLoader();
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith("io.memsnap.snapshot.nginx.") && !name.startsWith("io.memsnap.snapshot.model.nginx.")) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
        };
        Class<?> walker = loader.loadClass("io.memsnap.snapshot.nginx.NginxWalker");
        return Arrays.stream(walker.getMethods()).filter(m -> m.getName().equals("walk")
                && m.getParameterCount() == 3).findFirst().orElseThrow();
    }
}
