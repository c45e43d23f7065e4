// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Decodes the pprof output with an independent protobuf wire reader and compares it with the trace. */
class PprofWriterTest {
    /** Protobuf wire reader: varints and length-delimited fields, enough for profile.proto. */
    static final class Wire {
        final byte[] b;
        int pos;

        Wire(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return pos < b.length;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
        }

        byte[] bytes() {
            int n = (int) varint();
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        /** Fields of one message: number to list of raw values (Long for varints, byte[] for length-delimited). */
        static Map<Integer, List<Object>> fields(byte[] msg) {
            Wire w = new Wire(msg);
            Map<Integer, List<Object>> out = new HashMap<>();
            while (w.more()) {
                long key = w.varint();
                int type = (int) (key & 7);
                Object v = switch (type) {
                    case 0 -> w.varint();
                    case 2 -> w.bytes();
                    default -> throw new AssertionError("unexpected wire type " + type);
                };
                out.computeIfAbsent((int) (key >>> 3), k -> new ArrayList<>()).add(v);
            }
            return out;
        }

        static List<Long> packed(Object field) {
            Wire w = new Wire((byte[]) field);
            List<Long> out = new ArrayList<>();
            while (w.more()) {
                out.add(w.varint());
            }
            return out;
        }
    }

    @Test
    void roundTripsSampleTypesStacksAndValues() throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        PprofWriter.write(Traces.sample(), bos);
        byte[] raw = new GZIPInputStream(new ByteArrayInputStream(bos.toByteArray())).readAllBytes();
        Map<Integer, List<Object>> profile = Wire.fields(raw);
        List<String> strings = profile.get(6).stream().map(o -> new String((byte[]) o, StandardCharsets.UTF_8)).toList();
        assertEquals("", strings.get(0));
        List<String> types = new ArrayList<>();
        for (Object st : profile.get(1)) {
            Map<Integer, List<Object>> vt = Wire.fields((byte[]) st);
            types.add(strings.get((int) (long) (Long) vt.get(1).get(0)) + "/"
                    + strings.get((int) (long) (Long) vt.get(2).get(0)));
        }
        assertEquals(List.of("inuse_objects/count", "inuse_space/bytes", "alloc_objects/count", "alloc_space/bytes"),
                types);
        Map<Long, String> functionNames = new HashMap<>();
        for (Object f : profile.get(5)) {
            Map<Integer, List<Object>> fn = Wire.fields((byte[]) f);
            functionNames.put((Long) fn.get(1).get(0), strings.get((int) (long) (Long) fn.get(2).get(0)));
        }
        Map<Long, Long> locationFunction = new HashMap<>();
        for (Object l : profile.get(4)) {
            Map<Integer, List<Object>> loc = Wire.fields((byte[]) l);
            locationFunction.put((Long) loc.get(1).get(0),
                    (Long) Wire.fields((byte[]) loc.get(4).get(0)).get(1).get(0));
        }
        Map<String, List<Long>> byLeafFirst = new HashMap<>();
        for (Object s : profile.get(2)) {
            Map<Integer, List<Object>> sample = Wire.fields((byte[]) s);
            List<String> frames = Wire.packed(sample.get(1).get(0)).stream()
                    .map(id -> functionNames.get(locationFunction.get(id))).toList();
            byLeafFirst.put(String.join("<-", frames), Wire.packed(sample.get(2).get(0)));
        }
        assertEquals(List.of(1L, 4096L, 2L, 8192L), byLeafFirst.get("malloc<-ngx_palloc<-handler<-main"));
        assertEquals(List.of(3L, 3072L, 3L, 3072L), byLeafFirst.get("ngx_create_pool<-handler<-main<-[pool]"));
        assertEquals(List.of(0L, 0L, 1L, 50_000L), byLeafFirst.get("malloc<-balanced<-main"));
        assertEquals(List.of(1L, 10_000L, 1L, 10_000L),
                byLeafFirst.get("malloc<-" + Traces.HOSTILE + "<-main"));
        assertEquals(60_000_000_000L, (Long) profile.get(10).get(0));
    }

    /**
     * {@code go tool pprof -top} (Debian golang-go, installed by fixtures/bin/install-packages) reads the trace's
     * pprof: the leaked bytes (inuse_space, the default sample type) total 4096 + 10,000 + 3 * 1024 = 17,168 and
     * the allocated objects 2 + 1 + 3 + 1 = 7, as {@link Traces#sample} wrote them.
     */
    @Test
    void goToolPprofReadsTheTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("trace.pb.gz");
        try (java.io.OutputStream os = java.nio.file.Files.newOutputStream(file)) {
            PprofWriter.write(Traces.sample(), os);
        }
        String top = io.memsnap.report.GoPprof.run(tmp, "-top", file.toString());
        org.junit.jupiter.api.Assertions.assertTrue(top.contains("Type: inuse_space"), top);
        // 17,168 leaked bytes; pprof prints kB for 2^10 bytes, two decimals
        org.junit.jupiter.api.Assertions.assertTrue(top.contains("of 16.77kB total"), top);
        String objects = io.memsnap.report.GoPprof.run(tmp, "-top", "-sample_index=alloc_objects", file.toString());
        org.junit.jupiter.api.Assertions.assertTrue(objects.contains("Type: alloc_objects")
                && objects.contains("of 7 total"), objects);
    }
}
