// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.glibc.GlibcWalkOptions;
import io.memsnap.snapshot.glibc.GlibcWalker;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.target.CorruptedImage;
import io.memsnap.snapshot.target.live.LiveFacts;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.InUseChunks;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.WalkContext;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A plain nginx + Lua worker with requests in flight (each sleeps in Lua) while it is stopped: the cycle pool, the
 * connection pools and the request pools are found and reached from {@code ngx_cycle}; every pool is made of glibc
 * in-use chunks of the same walk, so pool bytes are a subset of glibc in-use bytes. Walked again against a crafted
 * module signature (the real one with its last option bit flipped, as another build would state it), the connection
 * and request offsets are not used: a warning says so, and the same pools are attributed by the other evidence. A
 * connection pool whose head breaks an invariant, as one caught in the middle of an update would, is named in a
 * warning and marks the walk torn; one the glibc walk did not find as an in-use chunk is named but does not.
 */
@EnabledOnOs(OS.LINUX)
class WorkerPoolsIT {
    private static final int IN_FLIGHT = 12;

    @Test
    void cycleConnectionAndRequestPoolsOfAWorkerUnderLoad() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("slow", 1)) {
            int worker = nginx.workerPids().get(0);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                inFlight.add(nginx.getAsync("/work?n=40"));
            }
            Thread.sleep(1500); // every request accepted and sleeping in Lua
            ProcStates.signal(worker, "STOP");
            ProcStates.awaitStopped(worker, Duration.ofSeconds(10));
            NginxSection section;
            LayerResult<NginxSection> other;
            LayerResult<NginxSection> torn;
            LayerResult<NginxSection> unfound;
            long pool;
            InUseChunks chunks;
            GlibcHeap heap;
            try (LiveProcessImage image = LiveProcessImage.open(worker)) {
                WalkContext context = new WalkContext(LiveFacts.read(worker, image.mappings()));
                NginxWalker.plan(image, context); // nginx: the glibc walker is asked for its in-use chunks
                heap = GlibcWalker.walk(image, GlibcWalkOptions.defaults(), context).section().orElseThrow();
                chunks = context.lookup(InUseChunks.class).orElseThrow();
                LayerResult<NginxSection> r = NginxWalker.walk(image, context, NginxOptions.defaults());
                assertEquals(List.of(), r.warnings());
                section = r.section().orElseThrow();
                // the same worker checked against another build's signature: no connection or request offsets used
                String real = signatureInFile(Path.of("/usr/sbin/nginx"));
                String crafted = real.substring(0, real.length() - 1) + (real.endsWith("1") ? "0" : "1");
                other = NginxWalker.walk(image, context, NginxOptions.defaults().withLayoutSignature(crafted));
                // a connection pool caught mid-update (d.failed beyond what ngx_palloc_block leaves): the root is
                // reported, not dropped, and the walk is torn (a frozen capture copies the process again)
                pool = section.largestPools().stream().filter(p -> p.owner().equals("nginx: connection"))
                        .findFirst().orElseThrow().address();
                torn = NginxWalker.walk(new CorruptedImage(image, Map.of(pool + 24, 99L)), context,
                        NginxOptions.defaults());
                // the glibc walk of an image whose connection pool chunk has a corrupt size field (16 bytes, below
                // MINSIZE) does not find that chunk: the root is named, but another copy would not change an
                // incomplete glibc walk (nor another allocator's pools), so the walk is not torn
                CorruptedImage badHeader = new CorruptedImage(image, Map.of(pool - 8, 0x11L));
                WalkContext shortContext = new WalkContext(LiveFacts.read(worker, image.mappings()));
                NginxWalker.plan(badHeader, shortContext);
                GlibcWalker.walk(badHeader, GlibcWalkOptions.defaults(), shortContext);
                unfound = NginxWalker.walk(badHeader, shortContext, NginxOptions.defaults());
                assertEquals(List.of("nginx: nginx 1.22.1 with module signature " + real + " is not the build "
                        + "memsnap's connection and request offsets were verified on (nginx 1.22.1, " + crafted
                        + "): connection and request pools are not reached from ngx_cycle and are attributed by the "
                        + "other evidence"), other.warnings());
            } finally {
                ProcStates.cont(worker);
            }
            for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                assertEquals(200, f.get().statusCode());
            }
            assertEquals(1, owner(section, "nginx: cycle").pools());
            assertEquals(Evidence.REACHABILITY, owner(section, "nginx: cycle").evidence());
            // the listening connection has no pool; every accepted one has a 512-byte pool and a 4 KiB request pool
            PoolOwner connections = owner(section, "nginx: connection");
            PoolOwner requests = owner(section, "nginx: request");
            assertEquals(IN_FLIGHT, connections.pools(), section.owners().toString());
            assertEquals(IN_FLIGHT, requests.pools(), section.owners().toString());
            assertEquals(Evidence.REACHABILITY, requests.evidence());
            for (NginxPool p : section.largestPools()) {
                assertTrue(chunks.indexOfPointer(p.address()) >= 0, "pool head is an in-use chunk");
                if (p.owner().equals("nginx: request")) {
                    assertEquals(4096, p.sizeBytes());
                }
                if (p.owner().equals("nginx: connection")) {
                    assertEquals(512, p.sizeBytes());
                }
            }
            long glibcInUse = heap.arenas().stream().mapToLong(GlibcArena::inUseBytes).sum() + heap.mmapped().bytes();
            assertEquals(glibcInUse, chunks.totalBytes(), "the published index is the walk's in-use chunks");
            assertTrue(section.pools().bytes() > 0 && section.pools().bytes() <= glibcInUse,
                    section.pools().bytes() + " pool bytes vs " + glibcInUse + " glibc in use");
            NginxSection unverified = other.section().orElseThrow();
            assertEquals(section.pools(), unverified.pools(), "the same pools, found without any layout offsets");
            assertEquals(Evidence.REACHABILITY, owner(unverified, "nginx: cycle").evidence());
            assertTrue(unverified.owners().stream().noneMatch(o -> o.evidence() == Evidence.REACHABILITY
                    && !o.owner().equals("nginx: cycle")), unverified.owners().toString());
            assertEquals(IN_FLIGHT, owner(unverified, "hint: request pool (4096)").pools());
            assertEquals(2, torn.warnings().size(), torn.warnings().toString());
            assertTrue(torn.warnings().get(0).matches("nginx: cycle->connections\\[\\d+]\\.pool 0x[0-9a-f]+ \\(nginx: "
                    + "connection\\) is not a valid pool: d\\.failed is above 6 \\(head .*"), torn.warnings().get(0));
            assertEquals(Plausibility.TORN, torn.warnings().get(1));
            assertEquals(IN_FLIGHT - 1, owner(torn.section().orElseThrow(), "nginx: connection").pools());
            assertTrue(unfound.warnings().stream().noneMatch(Plausibility.TORN::equals), unfound.warnings().toString());
            assertTrue(unfound.warnings().stream().anyMatch(w -> w.startsWith("nginx: cycle->connections[")
                    && w.contains(String.format("0x%x (nginx: connection) is not a valid pool: ", pool))
                    && w.endsWith("an incomplete glibc walk, or pools from another allocator, not counted")),
                    unfound.warnings().toString());
        }
    }

    /** The NGX_MODULE_SIGNATURE string in an nginx file, as strings(1) would find it. */
    static String signatureInFile(Path file) throws IOException {
        Matcher m = Pattern.compile("\\d+,\\d+,\\d+,[01]{20,}").matcher(
                new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        assertTrue(m.find(), "no module signature in " + file);
        return m.group();
    }

    private static PoolOwner owner(NginxSection s, String name) {
        return s.owners().stream().filter(o -> o.owner().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no owner " + name + " in " + s.owners()));
    }
}
