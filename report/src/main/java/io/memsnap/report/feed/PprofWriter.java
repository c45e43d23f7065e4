// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import io.memsnap.analyzer.measure.Measure;
import io.memsnap.analyzer.measure.MeasureKind;
import io.memsnap.analyzer.measure.Measures;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A snapshot as a gzipped pprof profile ({@code profile.proto}), for {@code go tool pprof} (also {@code -diff_base}),
 * Pyroscope and Parca. Three sample types: {@code resident_space/bytes} (the default: the RSS breakdown, summing to
 * each process's RSS exactly), {@code inuse_space/bytes} and {@code inuse_objects/count} (each layer's partition into
 * items: glibc chunks by size class, LuaJIT objects by type). A sample's stack is item, {@code layer group}, process (leaf
 * first); labels are {@code process}, {@code pid}, {@code role}, {@code layer} and the group's name with the item
 * ({@code size_class=256–512 KiB}, {@code object_type=table}, {@code category=glibc_used}, later {@code owner=...}).
 * Stateless.
 */
public final class PprofWriter {
    /** Writes {@code snapshot} gzipped to {@code out} (finished, not closed). */
    public void write(Snapshot snapshot, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        gz.write(profile(snapshot));
        gz.finish();
        gz.flush();
    }

    /** The uncompressed profile message. */
    byte[] profile(Snapshot snapshot) {
        Strings strings = new Strings();
        Map<String, Integer> functions = new LinkedHashMap<>();
        ProtoWriter p = new ProtoWriter();
        for (String[] t : new String[][] {{"resident_space", "bytes"}, {"inuse_space", "bytes"},
                {"inuse_objects", "count"}}) {
            p.message(1, new ProtoWriter().varint(1, strings.id(t[0])).varint(2, strings.id(t[1])));
        }
        for (ProcessSnapshot proc : snapshot.processes()) {
            String process = proc.role().key() + " " + proc.pid();
            for (Measure m : Measures.of(proc)) {
                if (m.kind() == MeasureKind.TOTAL) {
                    continue;
                }
                boolean resident = m.kind() == MeasureKind.RESIDENT;
                long[] values = resident ? new long[] {m.bytes(), 0, 0}
                        : new long[] {0, m.bytes(), m.count().orElse(0)};
                List<String> frames = List.of(m.key().name(), m.key().layer() + " " + m.key().group(), process);
                long[] locations = frames.stream().mapToLong(f -> functions.computeIfAbsent(f,
                        x -> functions.size() + 1)).toArray();
                ProtoWriter sample = new ProtoWriter().packed(1, locations).packed(2, values);
                label(sample, strings, "process", process);
                sample.message(3, new ProtoWriter().varint(1, strings.id("pid")).varint(3, proc.pid()));
                label(sample, strings, "role", proc.role().key());
                label(sample, strings, "layer", m.key().layer());
                label(sample, strings, m.key().group(), m.key().name());
                p.message(2, sample);
            }
        }
        for (Map.Entry<String, Integer> f : functions.entrySet()) {
            p.message(4, new ProtoWriter().varint(1, f.getValue())
                    .message(4, new ProtoWriter().varint(1, f.getValue())));
            p.message(5, new ProtoWriter().varint(1, f.getValue()).varint(2, strings.id(f.getKey()))
                    .varint(3, strings.id(f.getKey())));
        }
        long comment = strings.id("memsnap " + snapshot.source());
        long resident = strings.id("resident_space");
        long bytes = strings.id("bytes");
        // every string id is assigned by now: the table goes last
        for (String s : strings.all()) {
            p.string(6, s);
        }
        p.varint(9, epochNanos(snapshot.capturedAt()));
        p.message(11, new ProtoWriter().varint(1, resident).varint(2, bytes));
        p.varint(12, 1);
        p.varint(13, comment);
        p.varint(14, resident);
        return p.toByteArray();
    }

    private static void label(ProtoWriter sample, Strings strings, String key, String value) {
        sample.message(3, new ProtoWriter().varint(1, strings.id(key)).varint(2, strings.id(value)));
    }

    private static long epochNanos(String instant) {
        try {
            Instant i = Instant.parse(instant);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    /** The profile's string table: index 0 is the empty string. */
    private static final class Strings {
        private final Map<String, Integer> ids = new LinkedHashMap<>(Map.of("", 0));
        private final List<String> all = new ArrayList<>(List.of(""));

        long id(String s) {
            return ids.computeIfAbsent(s, x -> {
                all.add(x);
                return all.size() - 1;
            });
        }

        List<String> all() {
            return all;
        }
    }
}
