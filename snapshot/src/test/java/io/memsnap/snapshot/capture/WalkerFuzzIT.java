// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.memsnap.fixtures.LuaFixture;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.target.CorruptedImage;
import io.memsnap.snapshot.target.Target;
import io.memsnap.snapshot.target.live.CopiedProcessImage;
import io.memsnap.snapshot.target.live.CopyOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Fuzzes the glibc and LuaJIT walkers with a frozen copy of a real luajit process whose reads see random corruption
 * (sizes, pointers into other mappings or nowhere, self-pointers that make cycles, zeros that cut lists) in its heap
 * and anonymous mappings. Each case must finish within {@link #CASE_SECONDS} (never a hang), throw nothing out of
 * the capture's assembly (never an escaped exception), and hold no impossible number. Seeded and bounded:
 * {@code -Dfuzz.cases=N -Dfuzz.seed=S} runs more (bench/capture/fuzz.sh).
 */
@EnabledOnOs(OS.LINUX)
class WalkerFuzzIT {
    private static final int CASE_SECONDS = 60;

    @Test
    void corruptedCopiesNeverHangThrowOrGiveImpossibleNumbers() throws Exception {
        int cases = Integer.getInteger("fuzz.cases", 12);
        long seed = Long.getLong("fuzz.seed", 9);
        String script = "local ffi = require('ffi'); ffi.cdef('int getpid(void);'); KEEP = {}"
                + " for i = 1, 20000 do KEEP[i] = {i, tostring(i), {x = i}} end"
                + " for i = 1, 2000 do KEEP['k' .. i] = string.rep('s', i % 300) end"
                + " io.write('READY ', ffi.C.getpid(), '\\n'); io.flush(); io.read()";
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (Target t = Target.start(List.of(LuaFixture.interpreter(), "-e", script));
                CopiedProcessImage copy = CopiedProcessImage.capture(t.pid(),
                        new CopyOptions(Duration.ofSeconds(30), Duration.ofSeconds(5), Optional.empty()))) {
            Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
            List<Mapping> targets = copy.mappings().stream()
                    .filter(m -> m.writable() && m.inode() == 0 && m.rssBytes() > 0).toList();
            ProcessSnapshot clean = capturer.assemble(copy, copy.facts(), List.of());
            assertEquals(List.of(), Plausibility.violations(clean));
            int torn = 0;
            for (int c = 0; c < cases; c++) {
                Random r = new Random(seed * 1_000_003 + c);
                CorruptedImage bad = new CorruptedImage(copy, corruption(r, targets, copy.mappings()));
                Future<ProcessSnapshot> f = runner.submit(() -> capturer.assemble(bad, copy.facts(), List.of()));
                ProcessSnapshot p;
                try {
                    p = f.get(CASE_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    fail("case " + c + " (seed " + seed + ") did not finish in " + CASE_SECONDS + " s: a hang");
                    return;
                }
                assertEquals(List.of(), Plausibility.violations(p), "case " + c + " seed " + seed);
                CapturerIT.assertSumsToRss(p);
                torn += Plausibility.torn(p) ? 1 : 0;
                assertTrue(p.warnings().size() < 40, "warnings are aggregated: " + p.warnings().size());
            }
            System.out.println("fuzz: " + cases + " cases, seed " + seed + ", " + torn + " torn");
        } finally {
            runner.shutdownNow();
        }
    }

    /** 64-512 qwords in the heap and anonymous mappings replaced by sizes, wild or self pointers, or zeros. */
    private static Map<Long, Long> corruption(Random r, List<Mapping> targets, List<Mapping> all) {
        Map<Long, Long> words = new HashMap<>();
        int n = 64 + r.nextInt(449);
        List<Mapping> choices = new ArrayList<>(targets);
        for (int i = 0; i < n; i++) {
            Mapping m = choices.get(r.nextInt(choices.size()));
            long at = m.start() + ((long) (r.nextDouble() * (m.sizeBytes() / 8))) * 8;
            Mapping other = all.get(r.nextInt(all.size()));
            long value = switch (r.nextInt(6)) {
                case 0 -> r.nextInt(1 << 20);                                  // a size
                case 1 -> Long.MAX_VALUE - r.nextInt(16);                      // an absurd size
                case 2 -> other.start() + (r.nextLong() & 0xffff) * 8 % Math.max(8, other.sizeBytes()); // elsewhere
                case 3 -> at;                                                  // a cycle
                case 4 -> 0;                                                   // a cut list
                default -> r.nextLong();                                       // noise
            };
            words.put(at, value);
        }
        return words;
    }
}
