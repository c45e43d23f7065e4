// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.snapshot.codec.SnapshotCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * docs/snapshot-format.md against what the codec and the JSON renderer really write: every key of the captured
 * snapshots and their {@code memsnap-report/1} goldens is documented there, and every key the glibc and LuaJIT
 * tables list exists in a real capture.
 */
class SnapshotFormatDocTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final List<String> CAPTURED = List.of("linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak",
            "linux6.18-x86_64-glibc2.36-c-fragmented", "linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak",
            "linux6.18-x86_64-luajit2-free-retained");

    private static String doc() throws IOException {
        return Files.readString(StoredSnapshots.dir().resolve("../../../../../docs/snapshot-format.md").normalize(),
                StandardCharsets.UTF_8);
    }

    /** Every key-like word inside backticks anywhere in the document. */
    private static Set<String> documented(String doc) {
        Set<String> keys = new TreeSet<>();
        Matcher m = CODE.matcher(doc);
        while (m.find()) {
            Matcher k = KEY.matcher(m.group(1));
            while (k.find()) {
                keys.add(k.group());
            }
        }
        return keys;
    }

    private static JsonNode json(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void keys(JsonNode n, Set<String> out) {
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                out.add(k);
                keys(n.get(k), out);
            }
        } else if (n.isArray()) {
            n.forEach(e -> keys(e, out));
        }
    }

    @Test
    void everyKeyOfRealSnapshotsAndReportsIsDocumented() throws IOException {
        Set<String> documented = documented(doc());
        Set<String> written = new TreeSet<>();
        for (String name : StoredSnapshots.NAMES) {
            Path dir = StoredSnapshots.dir();
            Path plain = dir.resolve(name + ".json");
            keys(json(Files.exists(plain) ? plain : dir.resolve(name + ".json.gz")), written);
            keys(json(dir.resolve(name + ".golden.json")), written);
        }
        written.removeAll(documented);
        assertEquals(Set.of(), written, "keys written but not in docs/snapshot-format.md");
    }

    @Test
    void nginxSectionKeysAreDocumentedBothWays() throws IOException {
        JsonNode nginx = SnapshotCodec.create().toTree(NginxRenderTest.snapshot()).get("processes").get(0)
                .get("nginx");
        Set<String> written = new TreeSet<>();
        keys(nginx, written);
        String doc = doc();
        int start = doc.indexOf("## nginx section");
        int next = doc.indexOf("\n## ", start + 1);
        String section = next < 0 ? doc.substring(start) : doc.substring(start, next);
        Set<String> undocumented = new TreeSet<>(written);
        undocumented.removeAll(documented(section));
        assertEquals(Set.of(), undocumented, "nginx keys written but not in the nginx section of the doc");
        Set<String> listed = new TreeSet<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                listed.addAll(documented(line.split("\\|")[1]));
            }
        }
        listed.removeAll(written);
        assertEquals(Set.of(), listed, "listed in the nginx tables but never written");
        for (String promised : List.of("count", "bytes", "owner", "evidence", "pools", "large_blocks", "large_bytes",
                "name", "module", "size_bytes", "used_bytes", "free_bytes", "resident_bytes", "pss_bytes", "keys",
                "expired_keys")) {
            assertTrue(written.contains(promised), promised);
        }
    }

    @Test
    void everyGlibcAndLuaJitKeyInTheDocExistsInACapture() throws IOException {
        Set<String> written = new TreeSet<>();
        for (String name : CAPTURED) {
            keys(json(StoredSnapshots.dir().resolve(name + ".json.gz")), written);
        }
        String doc = doc();
        String layers = doc.substring(doc.indexOf("## glibc section"), doc.indexOf("## Report JSON"));
        Set<String> listed = new TreeSet<>();
        for (String line : layers.split("\n")) {
            if (line.startsWith("| `")) {
                listed.addAll(documented(line.split("\\|")[1]));
            }
        }
        assertTrue(listed.size() > 50, listed.toString());
        listed.removeAll(written);
        assertEquals(Set.of(), listed, "documented in the glibc/LuaJIT tables but absent from real captures");
    }
}
