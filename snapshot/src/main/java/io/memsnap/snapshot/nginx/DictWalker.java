// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts the entries of one {@code lua_shared_dict} by walking its rbtree: keys, value bytes, and the entries whose
 * expiry time has passed but are still resident. Every node must lie inside the zone; the walk visits at most a
 * bound of nodes and never one twice. Confined to one thread.
 */
final class DictWalker {
    /** What the walk counted; {@code complete} is false if it stopped early. */
    record Counts(long keys, long valueBytes, long expiredKeys, long expiredBytes, boolean complete) {}

    private DictWalker() {}

    static Counts walk(Memory memory, long shctx, long zoneStart, long zoneEnd, long nowMillis, long maxEntries) {
        long keys = 0;
        long values = 0;
        long expired = 0;
        long expiredBytes = 0;
        boolean complete = true;
        try {
            long root = memory.readLong(shctx + ShmLayout.DICT_ROOT);
            long sentinel = memory.readLong(shctx + ShmLayout.DICT_SENTINEL);
            Deque<Long> todo = new ArrayDeque<>();
            Set<Long> seen = new HashSet<>();
            todo.push(root);
            byte[] b = new byte[ShmLayout.NODE_READ];
            while (!todo.isEmpty()) {
                long n = todo.pop();
                if (n == sentinel || n == 0) {
                    continue;
                }
                if (n < zoneStart || n + ShmLayout.NODE_READ > zoneEnd || !seen.add(n) || keys >= maxEntries) {
                    complete = false;
                    break;
                }
                memory.read(n, b, 0, b.length);
                long keyLen = Bytes.u16(b, ShmLayout.NODE_KEY_LEN);
                long valueLen = Bytes.u32(b, ShmLayout.NODE_VALUE_LEN);
                long expires = Bytes.i64(b, ShmLayout.NODE_EXPIRES);
                keys++;
                values += valueLen;
                if (expires != 0 && expires <= nowMillis) {
                    expired++;
                    expiredBytes += ShmLayout.NODE_HEADER + keyLen + valueLen;
                }
                todo.push(Bytes.i64(b, ShmLayout.NODE_RIGHT));
                todo.push(Bytes.i64(b, ShmLayout.NODE_LEFT));
            }
        } catch (UnreadableMemoryException e) {
            complete = false;
        }
        return new Counts(keys, values, expired, expiredBytes, complete);
    }
}
