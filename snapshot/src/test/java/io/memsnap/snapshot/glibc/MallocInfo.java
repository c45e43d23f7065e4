// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The numbers of a glibc 2.36 {@code malloc_info()} XML document that the oracle tests compare. */
record MallocInfo(List<Heap> heaps, long mmapCount, long mmapBytes, long systemBytes) {

    /** One {@code <heap nr=...>}: fastbin count/bytes, "rest" count/size (top + bin chunks), system_mem. */
    record Heap(int nr, long fastCount, long fastBytes, long restCount, long restSize, long systemBytes) {
        /** Bytes of bin chunks plus top: malloc_info adds each bin chunk's size field with PREV_INUSE set. */
        long restBytes() {
            return restSize - (restCount - 1);
        }
    }

    private static final Pattern HEAP = Pattern.compile("<heap nr=\"(\\d+)\">(.*?)</heap>", Pattern.DOTALL);
    private static final Pattern TOTAL =
            Pattern.compile("<total type=\"(\\w+)\" count=\"(\\d+)\" size=\"(\\d+)\"/>");
    private static final Pattern SYSTEM = Pattern.compile("<system type=\"current\" size=\"(\\d+)\"/>");

    static MallocInfo parse(String xml) {
        List<Heap> heaps = new ArrayList<>();
        Matcher h = HEAP.matcher(xml);
        int tail = 0;
        while (h.find()) {
            String body = h.group(2);
            long[] fast = total(body, "fast");
            long[] rest = total(body, "rest");
            heaps.add(new Heap(Integer.parseInt(h.group(1)), fast[0], fast[1], rest[0], rest[1], system(body)));
            tail = h.end();
        }
        String rest = xml.substring(tail);
        long[] mmap = total(rest, "mmap");
        return new MallocInfo(heaps, mmap[0], mmap[1], system(rest));
    }

    private static long[] total(String body, String type) {
        Matcher m = TOTAL.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            }
        }
        throw new IllegalArgumentException("no total " + type + " in " + body);
    }

    private static long system(String body) {
        Matcher m = SYSTEM.matcher(body);
        if (!m.find()) {
            throw new IllegalArgumentException("no system size in " + body);
        }
        return Long.parseLong(m.group(1));
    }
}
