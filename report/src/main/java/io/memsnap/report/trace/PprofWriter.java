// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.report.feed.ProtoWriter;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A gzipped pprof {@code Profile} (github.com/google/pprof proto/profile.proto) of the trace: sample types
 * {@code inuse_objects}, {@code inuse_space} (leaked: still alive at the end), {@code alloc_objects},
 * {@code alloc_space} (everything recorded in the window), one sample per stack, one location and function per
 * frame name; {@code inuse_space} is the default sample type. Pools get a {@code [pool]} root frame. Stateless.
 */
public final class PprofWriter {
    private static final String[][] SAMPLE_TYPES = {
        {"inuse_objects", "count"}, {"inuse_space", "bytes"}, {"alloc_objects", "count"}, {"alloc_space", "bytes"}
    };

    private PprofWriter() {}

    /** Writes {@code trace} as gzipped pprof to {@code out} (not closed). */
    public static void write(LeakTrace trace, OutputStream out) throws IOException {
        List<String> strings = new ArrayList<>(List.of(""));
        Map<String, Integer> stringIds = new HashMap<>(Map.of("", 0));
        ProtoWriter profile = new ProtoWriter();
        for (String[] t : SAMPLE_TYPES) {
            profile.message(1, new ProtoWriter().varint(1, intern(t[0], strings, stringIds))
                    .varint(2, intern(t[1], strings, stringIds)));
        }
        StackTable s = trace.stacks();
        Map<String, Integer> locations = new HashMap<>();
        List<String> locationNames = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            List<String> leafFirst = new ArrayList<>();
            for (int l = s.depth(i) - 1; l >= 0; l--) {
                leafFirst.add(s.frame(i, l));
            }
            if (s.kind(i) == LeakKind.POOL) {
                leafFirst.add("[pool]");
            }
            long[] ids = new long[leafFirst.size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = locations.computeIfAbsent(leafFirst.get(k), n -> {
                    locationNames.add(n);
                    return locationNames.size();
                });
            }
            profile.message(2, new ProtoWriter().packed(1, ids).packed(2, new long[] {
                s.leakedCount(i), s.leakedBytes(i), s.allocCount(i), s.allocBytes(i)}));
        }
        for (int id = 1; id <= locationNames.size(); id++) {
            // location id == function id: one of each per distinct frame name
            profile.message(4, new ProtoWriter().varint(1, id).message(4, new ProtoWriter().varint(1, id)));
        }
        for (int id = 1; id <= locationNames.size(); id++) {
            long name = intern(locationNames.get(id - 1), strings, stringIds);
            profile.message(5, new ProtoWriter().varint(1, id).varint(2, name).varint(3, name));
        }
        ProtoWriter periodType = new ProtoWriter().varint(1, intern("space", strings, stringIds))
                .varint(2, intern("bytes", strings, stringIds));
        for (String str : strings) {
            profile.string(6, str);
        }
        profile.varint(10, trace.durationMillis() * 1_000_000L);
        profile.message(11, periodType);
        // default_sample_type: without it pprof tools show the last type (alloc_space), not what leaked
        profile.varint(14, intern("inuse_space", strings, stringIds));
        GZIPOutputStream gz = new GZIPOutputStream(out);
        gz.write(profile.toByteArray());
        gz.finish();
        out.flush();
    }

    private static long intern(String s, List<String> strings, Map<String, Integer> ids) {
        return ids.computeIfAbsent(s, k -> {
            strings.add(k);
            return strings.size() - 1;
        });
    }
}
