// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON keys the issue names are a contract; the snapshot codec uses snake_case names of record components. */
class GlibcJsonTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static GlibcHeap sample() {
        SizeClass c = new SizeClass(256 << 10, 512 << 10, 2240, 2240L * 300_000, 1, 270_000, 0, 0, 0, 0, 3, 900_000);
        GlibcArena main = new GlibcArena("main", 0x7f0000001c60L, 1, 700_000_000, 672_000_000, 2240, 270_000, 1,
                1_000_000, 4096, 7, 256, 4, 0, 1_200_000, 1_000_000, 70_000, List.of(c),
                List.of(new CommonSize(300_000, 2240, 2240L * 300_000)), List.of());
        return new GlibcHeap("2.36", List.of(main), new GlibcMmapped(3, 900_000, 900_000), List.of(c),
                List.of(new CommonSize(300_000, 2240, 2240L * 300_000)), List.of());
    }

    @Test
    void keysNamedInTheIssue() throws Exception {
        JsonNode n = JSON.readTree(JSON.writeValueAsString(sample()));
        assertEquals("2.36", n.get("version").asText());
        JsonNode a = n.get("arenas").get(0);
        for (String key : List.of("kind", "system_bytes", "in_use_bytes", "free_bytes", "top_bytes", "tcache_bytes",
                "fastbin_bytes", "free_resident_bytes", "histogram", "address", "trimmable_bytes",
                "fragmented_bytes", "metadata_bytes", "common_sizes", "warnings")) {
            assertTrue(a.has(key), key);
        }
        assertEquals(2240, a.get("histogram").get(0).get("used_count").asLong());
        assertEquals(3, n.get("mmapped").get("count").asLong());
        assertEquals(900_000, n.get("mmapped").get("bytes").asLong());
    }

    @Test
    void roundTripIsEqual() throws Exception {
        GlibcHeap h = sample();
        assertEquals(h, JSON.readValue(JSON.writeValueAsString(h), GlibcHeap.class));
    }
}
