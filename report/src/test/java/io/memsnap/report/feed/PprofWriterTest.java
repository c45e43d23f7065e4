// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.report.StoredSnapshots;
import io.memsnap.report.feed.ProtoReader.Field;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.SizeClass;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pprof feed decoded again, field by field, from a real captured snapshot: resident samples add up to each
 * process's RSS, in-use samples to the glibc histogram and the LuaJIT object counts; then {@code go tool pprof}
 * (Debian golang-go) reads it, also as a -diff_base.
 */
class PprofWriterTest {
    private static final String PSEUDO = "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak";
    private static final String POOL = "linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak";

    @TempDir
    Path tmp;

    /** Per sample: its values and its string labels. */
    private record Sample(List<Long> values, Map<String, String> labels) {}

    private static List<Sample> decode(byte[] gz) throws Exception {
        byte[] raw = new GZIPInputStream(new java.io.ByteArrayInputStream(gz)).readAllBytes();
        List<Field> profile = ProtoReader.parse(raw);
        List<String> strings = ProtoReader.all(profile, 6).stream().map(Field::string).toList();
        assertEquals("", strings.get(0));
        List<String> types = ProtoReader.all(profile, 1).stream()
                .map(f -> strings.get((int) ProtoReader.first(f.message(), 1))).toList();
        assertEquals(List.of("resident_space", "inuse_space", "inuse_objects"), types);
        assertEquals("resident_space", strings.get((int) ProtoReader.first(profile, 14)));
        return ProtoReader.all(profile, 2).stream().map(s -> {
            List<Field> m = s.message();
            Map<String, String> labels = new HashMap<>();
            for (Field l : ProtoReader.all(m, 3)) {
                List<Field> lf = l.message();
                String key = strings.get((int) ProtoReader.first(lf, 1));
                long str = ProtoReader.first(lf, 2);
                labels.put(key, str != 0 ? strings.get((int) str) : Long.toString(ProtoReader.first(lf, 3)));
            }
            return new Sample(ProtoReader.all(m, 2).get(0).varints(), labels);
        }).toList();
    }

    private static byte[] pprof(Snapshot s) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new PprofWriter().write(s, b);
        return b.toByteArray();
    }

    @Test
    void residentSamplesSumToEachRssAndInUseSamplesToTheLayers() throws Exception {
        Snapshot s = StoredSnapshots.read(PSEUDO);
        List<Sample> samples = decode(pprof(s));
        for (ProcessSnapshot p : s.processes()) {
            String pid = Integer.toString(p.pid());
            long resident = samples.stream().filter(x -> pid.equals(x.labels().get("pid")))
                    .mapToLong(x -> x.values().get(0)).sum();
            assertEquals(p.rssBytes(), resident, "pid " + pid);
            if (p.glibc().isPresent()) {
                for (SizeClass c : p.glibc().get().histogram()) {
                    Sample x = samples.stream().filter(y -> pid.equals(y.labels().get("pid"))
                            && y.labels().containsKey("size_class") && y.values().get(2)
                                    == c.usedCount() + c.mmappedCount() && y.values().get(1)
                                    == c.usedBytes() + c.mmappedBytes()).findFirst().orElseThrow(
                                            () -> new AssertionError("no sample for " + c));
                    assertEquals("glibc", x.labels().get("layer"));
                }
            }
            if (p.luajit().isPresent()) {
                for (GcObjectType t : p.luajit().get().objects()) {
                    Sample x = samples.stream().filter(y -> pid.equals(y.labels().get("pid"))
                            && t.type().equals(y.labels().get("object_type"))).findFirst().orElseThrow();
                    assertEquals(List.of(0L, t.bytes(), t.count()), x.values());
                    assertEquals(p.role().key() + " " + pid, x.labels().get("process"));
                }
            }
        }
    }

    @Test
    void goToolPprofReadsItAndDiffsTwoProfiles() throws Exception {
        Snapshot s = StoredSnapshots.read(PSEUDO);
        Path a = tmp.resolve("a.pb.gz");
        Path b = tmp.resolve("b.pb.gz");
        Files.write(a, pprof(StoredSnapshots.read(POOL)));
        Files.write(b, pprof(s));
        long rss = s.processes().stream().mapToLong(ProcessSnapshot::rssBytes).sum();
        String top = goPprof("-top", b.toString());
        assertTrue(top.contains("Type: resident_space"), top);
        // pprof prints MB for 2^20 bytes with two decimals, rounding a tie its own way (84.625 -> 84.62)
        java.util.regex.Matcher total = java.util.regex.Pattern.compile("of ([0-9.]+)MB total").matcher(top);
        assertTrue(total.find(), top);
        assertEquals(rss / 1048576.0, Double.parseDouble(total.group(1)), 0.0051, top);
        String diff = goPprof("-top", "-diff_base=" + a, b.toString());
        assertTrue(diff.contains("Type: resident_space") && diff.contains("luajit_free_resident"), diff);
        String inuse = goPprof("-top", "-sample_index=inuse_objects", b.toString());
        assertTrue(inuse.contains("Type: inuse_objects") && inuse.contains("table"), inuse);
    }

    private String goPprof(String... args) throws Exception {
        return io.memsnap.report.GoPprof.run(tmp, args);
    }

    @Test
    void stringTableIdsAreAllDefined() throws Exception {
        byte[] raw = new GZIPInputStream(new java.io.ByteArrayInputStream(pprof(StoredSnapshots.read(PSEUDO))))
                .readAllBytes();
        List<Field> profile = ProtoReader.parse(raw);
        int strings = ProtoReader.all(profile, 6).size();
        for (Field f : ProtoReader.all(profile, 5)) {
            assertTrue(ProtoReader.first(f.message(), 2) < strings);
        }
    }
}
