// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.LuaFixture;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.target.Target;
import io.memsnap.snapshot.target.live.CopiedProcessImage;
import io.memsnap.snapshot.target.live.CopyOptions;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * On a frozen copy the LuaJIT walker runs on a second thread beside the glibc and nginx walkers (Capturer): the
 * snapshot assembled that way from one copy of a changing luajit (fixtures/lua/churn.lua) equals the one assembled
 * by walking the same copy on one thread in order, and the self-contained walker did run on another thread.
 */
@EnabledOnOs(OS.LINUX)
class ConcurrentWalkIT {

    @Test
    void walkingBesideEqualsWalkingInOrder() throws Exception {
        try (Target t = Target.start(List.of(LuaFixture.interpreter(),
                Fixtures.repoRoot().resolve("fixtures/lua/churn.lua").toString(), "60", "1000"))) {
            AtomicReference<Thread> probeThread = new AtomicReference<>();
            List<LayerWalker> walkers = new ArrayList<>(Layers.all(false));
            walkers.add(LayerWalker.selfContained("probe", image -> {
                probeThread.set(Thread.currentThread());
                return LayerResult.none();
            }));
            Capturer capturer = new Capturer(Clock.systemUTC(), walkers, "test");
            try (CopiedProcessImage copy = CopiedProcessImage.capture(t.pid(),
                    new CopyOptions(Duration.ofSeconds(60), Duration.ofSeconds(5), Optional.empty()))) {
                assertTrue(copy.concurrentView().isPresent());
                ProcessSnapshot beside = capturer.assemble(copy, copy.facts(), List.of());
                assertNotEquals(Thread.currentThread(), probeThread.get());
                ProcessSnapshot inOrder = capturer.assemble(new OneThread(copy), copy.facts(), List.of());
                assertEquals(Thread.currentThread(), probeThread.get());
                assertFalse(Plausibility.torn(beside), beside.warnings().toString());
                assertTrue(beside.luajit().isPresent() && beside.glibc().isPresent());
                assertTrue(beside.luajit().get().objects().stream().mapToLong(o -> o.count()).sum() >= 180_000);
                assertEquals(inOrder, beside);
            }
        }
    }

    /** The copy without a concurrent view: the capture walks it on one thread, in walker order. */
    private record OneThread(ProcessImage image) implements ProcessImage {
        @Override
        public int pid() {
            return image.pid();
        }

        @Override
        public List<Mapping> mappings() {
            return image.mappings();
        }

        @Override
        public Memory memory() {
            return image.memory();
        }

        @Override
        public Residency residency() {
            return image.residency();
        }

        @Override
        public Optional<Path> file(Mapping mapping) {
            return image.file(mapping);
        }

        @Override
        public void close() {
            // the copy is closed by its owner
        }
    }
}
