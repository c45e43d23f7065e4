// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.walk.LayerWalker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark behind {@code bench/nginx/run.sh}: an nginx worker with the leak module grown to about 100,000 live
 * pools of 10 KiB (about 1 GiB of pool blocks), captured alternately with the glibc and LuaJIT layers only and with
 * the nginx layer too; writes the median CPU times of the capturing thread (user + system, so other builds on the
 * machine do not distort them as they do wall time) and what the nginx walk found. Not a test: no assertions.
 */
public final class NginxBench {
    /** CPU time of the capturing thread (user + system): the machine's load changes wall time, not this. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private NginxBench() {}

    /** Arguments: output file, pools (default 100,000), rounds (default 5). */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/nginx-walk.md");
        int pools = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, true)) {
            String truth = "";
            for (int made = 0; made < pools; made += 1000) {
                truth = nginx.get("/leak?n=500&size=10240&large=0&small=10");
            }
            int worker = (int) LeakModuleIT.number(truth, "pid");
            long[] walkNanos = new long[1];
            // the nginx walker timed inside the same capture: the machine's load hits both sides alike
            List<LayerWalker> all = Layers.all(false).stream().map(l -> !l.name().equals("nginx") ? l
                    : LayerWalker.of("nginx", l::plan, (image, context) -> {
                        long start = CPU.getCurrentThreadCpuTime();
                        try {
                            return l.walk(image, context);
                        } finally {
                            walkNanos[0] = CPU.getCurrentThreadCpuTime() - start;
                        }
                    })).toList();
            List<LayerWalker> without = all.stream().filter(x -> !x.name().equals("nginx")).toList();
            long[] base = new long[rounds];
            long[] with = new long[rounds];
            long[] nginxMs = new long[rounds];
            long[] shares = new long[rounds];
            ProcessSnapshot p = null;
            for (int i = 0; i < rounds; i++) {
                base[i] = millis(without, worker, null);
                ProcessSnapshot[] got = new ProcessSnapshot[1];
                with[i] = millis(all, worker, got);
                nginxMs[i] = walkNanos[0] / 1_000_000;
                shares[i] = 1000 * nginxMs[i] / Math.max(1, with[i] - nginxMs[i]);
                p = got[0];
            }
            Arrays.sort(base);
            Arrays.sort(with);
            Arrays.sort(nginxMs);
            Arrays.sort(shares);
            long b = base[rounds / 2];
            long w = with[rounds / 2];
            String text = String.format(Locale.ROOT, "# nginx walk benchmark%n%n"
                    + "worker RSS %d MiB; module reports %d pools; nginx layer found %d pools, %d MiB of pool bytes%n%n"
                    + "| capture (CPU time of the capturing thread) | median ms (%d rounds) |%n|---|---|%n| glibc + LuaJIT | %d |%n"
                    + "| glibc + LuaJIT + nginx | %d |%n| of which the nginx walk | %d |%n%n"
                    + "The nginx walk adds %.1f%% to the rest of the same capture (median of the per-capture ratios;"
                    + " bound: 10%%); between separate captures: %.1f%%. Load average at the end: %s; other helpers'"
                    + " builds were running on the same 2 cores.%n", p.rssBytes() >> 20,
                    LeakModuleIT.number(truth, "pools"), p.nginx().orElseThrow().pools().count(),
                    p.nginx().orElseThrow().pools().bytes() >> 20, rounds, b, w, nginxMs[rounds / 2],
                    shares[rounds / 2] / 10.0, 100.0 * (w - b) / b,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.print(text);
        }
    }

    private static long millis(List<LayerWalker> walkers, int pid, ProcessSnapshot[] out) {
        Capturer capturer = new Capturer(Clock.systemUTC(), walkers, "bench");
        long start = CPU.getCurrentThreadCpuTime();
        ProcessSnapshot p = capturer.captureLive(pid, CaptureOptions.defaults()).processes().get(0);
        long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
        if (out != null) {
            out[0] = p;
        }
        return ms;
    }
}
