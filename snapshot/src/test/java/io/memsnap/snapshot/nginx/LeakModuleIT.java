// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.NginxFixture.LeakModule;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.target.CorruptedImage;
import io.memsnap.snapshot.target.live.LiveFacts;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The leaking C module (fixtures/nginx/leak_module) after N requests: memsnap finds exactly the pools it reports, with
 * their blocks, used and unused bytes and large blocks, owned by the module; with symbols by its cleanup handler's
 * .symtab name, stripped by the reference from its .bss. Its resident bytes equal the test's own pagemap count over
 * the same chunks.
 */
@EnabledOnOs(OS.LINUX)
class LeakModuleIT {
    static final String MODULE = "ngx_http_memsnap_leak_module";

    @Test
    void leakedPoolsAreFoundExactlyAndOwnedByTheModuleByItsCleanupSymbol() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, LeakModule.WITH_SYMBOLS)) {
            PoolOwner owner = leakOwner(nginx);
            assertEquals(Evidence.CLEANUP_HANDLER, owner.evidence());
            assertTrue(owner.detail().contains("cleanup ngx_http_memsnap_leak_cleanup"), owner.detail());
            assertTrue(owner.detail().contains("referenced from the .bss of " + MODULE + ".so"), owner.detail());
        }
    }

    @Test
    void strippedModuleIsStillOwnedThroughItsBssReference() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, LeakModule.STRIPPED)) {
            PoolOwner owner = leakOwner(nginx);
            assertEquals(Evidence.DATA_REFERENCE, owner.evidence());
            assertTrue(owner.detail().startsWith("referenced from the .bss of " + MODULE + ".so"), owner.detail());
        }
    }

    /**
     * glibc does not split a free chunk whose rest would be under MINSIZE: a pool then sits in a chunk 16 bytes larger
     * than its request needs (a 512-byte connection pool in a 544-byte chunk made WorkerPoolsIT miss one connection
     * pool now and then). The module places every head so (snug=1, checked by malloc_usable_size): all are found,
     * without a warning, their glibc bytes those chunks' sizes.
     */
    @Test
    void poolsInChunksLargerThanTheirRequestAreFound() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, LeakModule.WITH_SYMBOLS)) {
            nginx.get("/leak?n=6&size=512&large=1&small=0&snug=1");
            String truth = nginx.get("/leak?n=0");
            assertEquals(12, number(truth, "pools"));
            assertEquals(12, number(truth, "snug_pools"), "every head in a larger chunk than request2size(512)");
            int worker = (int) number(truth, "pid");
            Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
            ProcessSnapshot p = capturer.captureLive(worker, CaptureOptions.defaults()).processes().get(0);
            assertEquals(List.of(), p.warnings().stream().filter(w -> w.startsWith("nginx")).toList());
            NginxSection n = p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
            PoolOwner owner = n.owners().stream().filter(o -> o.owner().equals(MODULE)).findFirst()
                    .orElseThrow(() -> new AssertionError(n.owners().toString()));
            assertEquals(12, owner.pools(), n.owners().toString());
            assertEquals(addresses(truth), n.largestPools().stream().filter(x -> x.owner().equals(MODULE))
                    .map(NginxPool::address).collect(Collectors.toCollection(TreeSet::new)), "pool addresses");
            assertEquals(number(truth, "pool_chunk_bytes") + number(truth, "large_chunk_bytes"), owner.bytes(),
                    "block chunks and large chunks, as glibc accounts them");
        }
    }

    /**
     * Where residency is unknown (an image that does not know it, or a pagemap that cannot be read for a range) a
     * pool's resident bytes are unknown, absent, never 0; so are its owner's and the totals. The same stopped worker
     * read with its real residency has them.
     */
    @Test
    void poolResidencyThatIsUnknownIsAbsentNotZero() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, LeakModule.WITH_SYMBOLS)) {
            String truth = nginx.get("/leak?n=2&large=1&small=20");
            int worker = (int) number(truth, "pid");
            long pool = addresses(truth).iterator().next();
            Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
            ProcessSnapshot known;
            ProcessSnapshot unknown;
            ProcessSnapshot unreadable;
            ProcStates.signal(worker, "STOP");
            try {
                ProcStates.awaitStopped(worker, Duration.ofSeconds(10));
                try (LiveProcessImage image = LiveProcessImage.open(worker)) {
                    known = capturer.assemble(image, LiveFacts.read(worker, image.mappings()), List.of());
                    unknown = capturer.assemble(new CorruptedImage(image, Map.of(), Residency.unknown()),
                            LiveFacts.read(worker, image.mappings()), List.of());
                    // pagemap unreadable for the range holding the module's first pool
                    Residency real = image.residency();
                    unreadable = capturer.assemble(new CorruptedImage(image, Map.of(), new Residency() {
                        @Override
                        public Optional<BitSet> residentPages(long start, long end) {
                            if (pool >= start && pool < end) {
                                throw new UnreadableMemoryException(start, (int) (end - start),
                                        "test: no pagemap here");
                            }
                            return real.residentPages(start, end);
                        }

                        @Override
                        public long pageSizeBytes() {
                            return real.pageSizeBytes();
                        }
                    }), LiveFacts.read(worker, image.mappings()), List.of());
                }
            } finally {
                ProcStates.cont(worker);
            }
            PoolOwner knownOwner = owner(known);
            assertTrue(knownOwner.residentBytes().orElseThrow() > 0, "the real residency is known");
            assertTrue(known.nginx().orElseThrow().pools().residentBytes().isPresent());
            NginxSection u = unknown.nginx().orElseThrow(() -> new AssertionError(unknown.warnings().toString()));
            assertEquals(number(truth, "pools"), owner(unknown).pools());
            assertEquals(knownOwner.bytes(), owner(unknown).bytes());
            assertTrue(u.owners().stream().allMatch(o -> o.residentBytes().isEmpty()), u.owners().toString());
            assertEquals(Optional.empty(), u.pools().residentBytes(), "unknown, not 0");
            assertEquals(Optional.empty(), owner(unreadable).residentBytes(), "one pool unknown: the owner's too");
            assertEquals(Optional.empty(), unreadable.nginx().orElseThrow().pools().residentBytes());
            assertTrue(unreadable.warnings().stream().anyMatch(w -> w.matches("nginx: residency of \\d+ pool chunks "
                    + "unreadable; their pools' resident bytes are unknown")), unreadable.warnings().toString());
        }
    }

    private static PoolOwner owner(ProcessSnapshot p) {
        return p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString())).owners().stream()
                .filter(o -> o.owner().equals(MODULE)).findFirst().orElseThrow(() -> new AssertionError(
                        p.nginx().orElseThrow().owners().toString()));
    }

    /** Grows the leak, captures the worker, checks the pools against the module's ground truth; the owner row. */
    private static PoolOwner leakOwner(NginxFixture nginx) throws Exception {
        for (int i = 0; i < 3; i++) {
            nginx.get("/leak?n=4");
        }
        String truth = nginx.get("/leak?n=0");
        int worker = (int) number(truth, "pid");
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
        ProcessSnapshot p = capturer.captureLive(worker, CaptureOptions.defaults()).processes().get(0);
        NginxSection nginxSection = p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
        List<NginxPool> mine = nginxSection.largestPools().stream().filter(x -> x.owner().equals(MODULE)).toList();
        PoolOwner owner = nginxSection.owners().stream().filter(o -> o.owner().equals(MODULE)).findFirst()
                .orElseThrow(() -> new AssertionError(nginxSection.owners().toString()));
        assertEquals(number(truth, "pools"), owner.pools(), "pools");
        assertEquals(addresses(truth),
                mine.stream().map(NginxPool::address).collect(Collectors.toCollection(TreeSet::new)), "pool addresses");
        assertEquals(number(truth, "large_blocks"), owner.largeBlocks(), "large blocks");
        assertEquals(number(truth, "pool_blocks"), owner.blocks(), "pool blocks");
        assertEquals(number(truth, "pool_used_bytes"), mine.stream().mapToLong(NginxPool::usedBytes).sum(), "used");
        assertEquals(number(truth, "pool_unused_bytes"), mine.stream().mapToLong(NginxPool::unusedBytes).sum(),
                "unused");
        // each large block is a glibc chunk: exactly what glibc accounted for it (mallinfo2's mmapped bytes, or
        // malloc_usable_size plus the size field), and every one of them mmapped at 256-512 KiB
        assertEquals(number(truth, "large_chunk_bytes"), owner.largeBytes(), "large bytes");
        assertEquals(number(truth, "large_blocks"), number(truth, "large_mmapped"), "large blocks mmapped");
        assertEquals(number(truth, "large_usable_bytes") + 16 * owner.largeBlocks(), owner.largeBytes(),
                "large bytes against malloc_usable_size");
        assertEquals(owner.largeBytes(), mine.stream().mapToLong(NginxPool::largeBytes).sum(), "large bytes of pools");
        assertEquals(number(truth, "pool_chunk_bytes") + number(truth, "large_chunk_bytes"), owner.bytes(), "bytes");
        assertTrue(mine.stream().allMatch(x -> x.sizeBytes() == 16384 && x.cleanupHandlers().size() == 1));
        residentAgainstOwnPagemapCount(worker, owner, addresses(truth), p);
        // the same without freezing: residency read from the live pagemap, not from the frozen copy's
        ProcessSnapshot live = capturer.captureLive(worker, CaptureOptions.defaults().withoutFreeze()).processes()
                .get(0);
        PoolOwner liveOwner = live.nginx().orElseThrow().owners().stream().filter(o -> o.owner().equals(MODULE))
                .findFirst().orElseThrow();
        residentAgainstOwnPagemapCount(worker, liveOwner, addresses(truth), live);
        return owner;
    }

    /**
     * The owner's resident bytes against the test's own count: it follows each pool's {@code d.next} chain and
     * {@code large} list through /proc/PID/mem, reads /proc/PID/pagemap page by page over every block and large chunk
     * (present, not the zero page by /proc/kpageflags) and adds each chunk's bytes in those pages. The idle worker
     * does not change between the capture and this count. Large blocks are memset whole: fully resident, exactly
     * their chunk bytes; pool blocks, whose small allocations nobody wrote, are not (allocation is not residence).
     */
    private static void residentAgainstOwnPagemapCount(int pid, PoolOwner owner, Set<Long> pools, ProcessSnapshot p)
            throws Exception {
        long blockResident = 0;
        long blockBytes = 0;
        long largeResident = 0;
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r");
                RandomAccessFile pagemap = new RandomAccessFile("/proc/" + pid + "/pagemap", "r");
                RandomAccessFile flags = new RandomAccessFile("/proc/kpageflags", "r")) {
            for (long pool : pools) {
                for (long b = pool; b != 0; b = word(mem, b + PoolLayout.D_NEXT)) {
                    long chunk = word(mem, b - 8) & ~7L;
                    blockResident += resident(pagemap, flags, b - 16, b - 16 + chunk);
                    blockBytes += chunk;
                }
                for (long node = word(mem, pool + PoolLayout.LARGE); node != 0; node = word(mem, node)) {
                    long alloc = word(mem, node + 8);
                    if (alloc != 0) {
                        largeResident += resident(pagemap, flags, alloc - 16, alloc - 16 + (word(mem, alloc - 8) & ~7L));
                    }
                }
            }
        }
        assertEquals(owner.largeBytes(), largeResident, "memset large blocks are resident whole");
        assertEquals(blockResident + largeResident, owner.residentBytes().orElseThrow(), "resident bytes");
        assertTrue(blockResident < blockBytes, "untouched pool blocks are not all resident: " + blockResident + " of "
                + blockBytes);
        long total = p.nginx().orElseThrow().pools().residentBytes().orElseThrow();
        assertTrue(owner.residentBytes().get() <= total && total <= p.rssBytes(),
                "owner " + owner.residentBytes() + " <= pools " + total + " <= RSS " + p.rssBytes());
    }

    private static long word(RandomAccessFile mem, long address) throws IOException {
        byte[] b = new byte[8];
        mem.seek(address);
        mem.readFully(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Bytes of {@code [a, b)} in pages present in pagemap that are not the zero page. */
    private static long resident(RandomAccessFile pagemap, RandomAccessFile flags, long a, long b)
            throws IOException {
        long sum = 0;
        for (long page = a & -4096L; page < b; page += 4096) {
            long entry = word(pagemap, page / 4096 * 8); // 8-byte reads: pagemap refuses smaller ones
            if (entry >= 0) {
                continue; // bit 63: present
            }
            if ((word(flags, (entry & ((1L << 55) - 1)) * 8) & (1L << 24)) != 0) {
                continue; // KPF_ZERO_PAGE
            }
            sum += Math.min(b, page + 4096) - Math.max(a, page);
        }
        return sum;
    }

    static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    static Set<Long> addresses(String json) {
        Matcher m = Pattern.compile("\"0x([0-9a-f]+)\"").matcher(json);
        Set<Long> out = new TreeSet<>();
        while (m.find()) {
            out.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        return out;
    }
}
