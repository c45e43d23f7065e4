// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Crafted snapshot files with values no capture can produce are refused on load (BAD_INPUT, exit 5), naming the
 * value: each case changes one number of a real stored capture, which is itself accepted.
 */
class ImpossibleValuesTest {
    private static final String NAME = "linux6.18-x86_64-luajit2-free-retained.json.gz";
    private final SnapshotCodec codec = SnapshotCodec.create();

    private ObjectNode stored() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/snapshots/" + NAME)) {
            return codec.toTree(codec.read(in, NAME));
        }
    }

    private MemsnapException refused(Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = stored();
        change.accept((ObjectNode) tree.get("processes").get(0));
        byte[] json = tree.toString().getBytes(StandardCharsets.UTF_8);
        MemsnapException e = assertThrows(MemsnapException.class,
                () -> codec.read(new ByteArrayInputStream(json), "crafted.json"));
        assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains("crafted.json"), e.getMessage());
        return e;
    }

    private static ObjectNode luajit(ObjectNode p) {
        return (ObjectNode) p.get("luajit");
    }

    @Test
    void theUnchangedCaptureIsAccepted() throws IOException {
        byte[] json = stored().toString().getBytes(StandardCharsets.UTF_8);
        Snapshot s = codec.read(new ByteArrayInputStream(json), "ok.json");
        assertEquals(1, s.processes().size());
    }

    @Test
    void aTypeOfMaximalSizeIsRefused() throws IOException {
        MemsnapException e = refused(p -> ((ObjectNode) luajit(p).get("objects").get(0))
                .put("bytes", Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("impossible") && e.getMessage().contains("9223372036854775807"),
                e.getMessage());
    }

    @Test
    void partsAboveTheirWholeAreRefused() throws IOException {
        MemsnapException e = refused(p -> ((ObjectNode) luajit(p).get("biggest_tables").get(0))
                .put("bytes", luajit(p).get("object_bytes").asLong() + 1));
        assertTrue(e.getMessage().contains("exceed object_bytes"), e.getMessage());
        refused(p -> luajit(p).put("gc_total_bytes", 1000));
    }

    @Test
    void aBreakdownThatDoesNotSumToRssIsRefused() throws IOException {
        MemsnapException e = refused(p -> ((ObjectNode) p.get("breakdown").get(0))
                .put("bytes", p.get("breakdown").get(0).get("bytes").asLong() + 4096));
        assertTrue(e.getMessage().contains("breakdown sums to"), e.getMessage());
        refused(p -> ((ObjectNode) p.get("mappings").get(0)).put("rss_bytes", Long.MIN_VALUE));
    }
}
