// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pools nginx itself reaches from {@code ngx_cycle}: the cycle pool, the pool of every connection in use
 * ({@code fd != -1}) and, when the connection's {@code data} is an HTTP request (its first word is the
 * {@code "HTTP"} signature and its {@code connection} points back), the request's pool. Connections are read in one
 * bulk read; at most {@code maxConnections}. Confined to one thread.
 */
final class CycleRoots {
    /** A reached pool: who nginx says it belongs to, and how it was reached. */
    record Root(String owner, String detail) {}

    private CycleRoots() {}

    /**
     * Pool address to its root; {@code warnings} gets what could not be read. Without {@code connections} (a build
     * whose connection and request layout is not verified) only the cycle pool.
     */
    static Map<Long, Root> find(Memory memory, long cycle, long maxConnections, boolean connections,
            List<String> warnings) {
        Map<Long, Root> roots = new HashMap<>();
        try {
            long pool = memory.readLong(cycle + PoolLayout.CYCLE_POOL);
            if (pool + PoolLayout.POOL_HEADER != cycle) {
                warnings.add(String.format(Locale.ROOT, "ngx_cycle 0x%x is not the first allocation of its pool 0x%x; "
                        + "pool reachability not used", cycle, pool));
                return roots;
            }
            roots.put(pool, new Root("nginx: cycle", "ngx_cycle->pool"));
            if (connections) {
                connections(memory, cycle, maxConnections, roots, warnings);
            }
        } catch (UnreadableMemoryException e) {
            warnings.add(String.format(Locale.ROOT, "cannot read the nginx cycle at 0x%x: %s", cycle, e.getMessage()));
        }
        return roots;
    }

    private static void connections(Memory memory, long cycle, long maxConnections, Map<Long, Root> roots,
            List<String> warnings) {
        long n = memory.readLong(cycle + PoolLayout.CYCLE_CONNECTION_N);
        long base = memory.readLong(cycle + PoolLayout.CYCLE_CONNECTIONS);
        if (base == 0) {
            return; // the master: connections exist only in workers
        }
        if (n < 0 || n > maxConnections) {
            warnings.add("cycle->connection_n " + n + " is implausible; connection pools not reached");
            return;
        }
        byte[] all = memory.read(base, (int) (n * PoolLayout.CONNECTION_SIZE));
        byte[] sig = new byte[16];
        for (int i = 0; i < n; i++) {
            int off = i * PoolLayout.CONNECTION_SIZE;
            if (Bytes.i32(all, off + PoolLayout.CONNECTION_FD) == -1) {
                continue;
            }
            long c = base + off;
            long pool = Bytes.i64(all, off + PoolLayout.CONNECTION_POOL);
            if (pool != 0) {
                roots.putIfAbsent(pool, new Root("nginx: connection", "cycle->connections[" + i + "].pool"));
            }
            long data = Bytes.i64(all, off + PoolLayout.CONNECTION_DATA);
            if (data == 0) {
                continue;
            }
            try {
                memory.read(data, sig, 0, 16);
            } catch (UnreadableMemoryException e) {
                continue;
            }
            if (Bytes.i32(sig, PoolLayout.REQUEST_SIGNATURE) == PoolLayout.HTTP_SIGNATURE
                    && Bytes.i64(sig, PoolLayout.REQUEST_CONNECTION) == c) {
                long r = memory.readLong(data + PoolLayout.REQUEST_POOL);
                if (r == 0) {
                    continue; // ngx_http_free_request clears r->pool before it destroys the pool
                }
                roots.putIfAbsent(r, new Root("nginx: request",
                        "request (\"HTTP\" signature) of cycle->connections[" + i + "]"));
            }
        }
    }
}
