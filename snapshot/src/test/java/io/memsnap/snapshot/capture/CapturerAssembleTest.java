// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.ProcessDiscovery;
import io.memsnap.snapshot.target.ProcessFacts;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The non-live path: an image that is not a live process (as a core file is) goes through the same assembly. */
class CapturerAssembleTest {
    private static final List<Mapping> MAPS = SmapsParser.parse("""
            55f0c2a00000-55f0c2a3c000 r--p 00000000 08:01 1050001                    /usr/bin/luajit-2.1
            Rss:                 240 kB
            55f0c3000000-55f0c3400000 rw-p 00000000 00:00 0                          [heap]
            Rss:                4096 kB
            7ffd6f3c1000-7ffd6f3e2000 rw-p 00000000 00:00 0                          [stack]
            Rss:                 132 kB
            """);

    /** An image with mappings but no readable memory, like a core file whose notes were read. */
    private static final class StaticImage implements ProcessImage {
        @Override
        public int pid() {
            return 4242;
        }

        @Override
        public List<Mapping> mappings() {
            return MAPS;
        }

        @Override
        public Memory memory() {
            return (address, dst, offset, length) -> {
                throw new UnreadableMemoryException(address, length, "not in core");
            };
        }

        @Override
        public Residency residency() {
            return Residency.unknown();
        }

        @Override
        public Optional<Path> file(Mapping mapping) {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }

    @Test
    void factsAndImageAssembleIntoAProcessSnapshot() {
        LayerWalker walker = LayerWalker.of("test",
                (image, context) -> new LayerResult<>(Optional.empty(),
                        List.of(new ResidentClaim(Category.HEAP, Category.LUAJIT_USED, 1 << 20)), List.of()));
        Role role = ProcessDiscovery.classify("luajit", "luajit x.lua", "/usr/bin/luajit-2.1", MAPS);
        ProcessFacts facts = new ProcessFacts(ProcessSnapshot.unread(4242, 1, role, "luajit", "luajit x.lua",
                "/usr/bin/luajit-2.1", ProcStatus.unknown(), Optional.empty()), List.of());
        Capturer c = new Capturer(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), List.of(walker), "test");
        ProcessSnapshot p = c.assemble(new StaticImage(), facts, List.of("from core notes"));
        assertEquals(Role.LUAJIT, p.role());
        assertEquals((240 + 4096 + 132) * 1024L, p.rssBytes());
        assertEquals(List.of(new BreakdownEntry(Category.BINARY_AND_LIBRARIES, 240 * 1024L),
                new BreakdownEntry(Category.HEAP, 3072 * 1024L), new BreakdownEntry(Category.STACKS, 132 * 1024L),
                new BreakdownEntry(Category.LUAJIT_USED, 1024 * 1024L)), p.breakdown());
        assertEquals(List.of("from core notes"), p.warnings());
        Snapshot s = c.snapshot("core /tmp/core.4242", c.liveHost(), List.of(p));
        assertEquals("1970-01-01T00:00:00Z", s.capturedAt());
        assertEquals("core /tmp/core.4242", s.source());
        // the facts' identity is the snapshot's: built once, never copied field by field
        assertEquals(facts.process(), new ProcessSnapshot(p.pid(), p.ppid(), p.role(), p.name(), p.cmdline(),
                p.exe(), 0, p.status(), p.cgroupMemoryLimitBytes(), Optional.empty(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), List.of()));
    }

    @Test
    void factsRefuseAProcessWhoseMemoryIsRead() {
        ProcessSnapshot unread = ProcessSnapshot.unread(7, 1, Role.OTHER, "x", "x", "/x", ProcStatus.unknown(),
                Optional.empty());
        assertEquals(unread, new ProcessFacts(unread, List.of()).process());
        assertThrows(IllegalArgumentException.class,
                () -> new ProcessFacts(unread.withMoreWarnings(List.of("read")), List.of()));
    }
}
