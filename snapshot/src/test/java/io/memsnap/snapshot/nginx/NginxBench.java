// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.walk.LayerWalker;
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
 * the nginx layer too; writes the median capture times and what the nginx walk found. Not a test: no assertions.
 */
public final class NginxBench {
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
            List<LayerWalker> all = Layers.all(false);
            List<LayerWalker> without = all.stream().filter(w -> !w.name().equals("nginx")).toList();
            long[] base = new long[rounds];
            long[] with = new long[rounds];
            ProcessSnapshot p = null;
            for (int i = 0; i < rounds; i++) {
                base[i] = millis(without, worker, null);
                ProcessSnapshot[] got = new ProcessSnapshot[1];
                with[i] = millis(all, worker, got);
                p = got[0];
            }
            Arrays.sort(base);
            Arrays.sort(with);
            long b = base[rounds / 2];
            long w = with[rounds / 2];
            String text = String.format(Locale.ROOT, "# nginx walk benchmark%n%n"
                    + "worker RSS %d MiB; module reports %d pools; nginx layer found %d pools, %d MiB of pool bytes%n%n"
                    + "| capture | median ms (%d rounds) |%n|---|---|%n| glibc + LuaJIT | %d |%n"
                    + "| glibc + LuaJIT + nginx | %d |%n%nnginx walk adds %.1f%% (bound: 10%%). Load average at the"
                    + " end: %s; other helpers' builds were running on the same 2 cores.%n", p.rssBytes() >> 20,
                    LeakModuleIT.number(truth, "pools"), p.nginx().orElseThrow().pools().count(),
                    p.nginx().orElseThrow().pools().bytes() >> 20, rounds, b, w, 100.0 * (w - b) / b,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            Files.writeString(out, text, StandardCharsets.UTF_8);
            System.out.print(text);
        }
    }

    private static long millis(List<LayerWalker> walkers, int pid, ProcessSnapshot[] out) {
        Capturer capturer = new Capturer(Clock.systemUTC(), walkers, "bench");
        long start = System.nanoTime();
        ProcessSnapshot p = capturer.captureLive(pid, CaptureOptions.defaults()).processes().get(0);
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (out != null) {
            out[0] = p;
        }
        return ms;
    }
}
