// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

/**
 * Bounds of an nginx walk.
 *
 * @param maxListSteps nodes followed at most in one list (a pool's blocks, large or cleanup list)
 * @param maxPools pools recorded at most; the scan stops with a warning beyond
 * @param maxConnections {@code cycle->connection_n} above this is treated as corrupt
 * @param largestPools pools listed one by one in the section (the biggest)
 * @param maxDictEntries lua_shared_dict entries visited at most per zone
 * @param layoutSignature the NGX_MODULE_SIGNATURE the connection and request offsets hold for: a target whose
 *     executable states another is walked without them, with a warning
 */
public record NginxOptions(int maxListSteps, long maxPools, long maxConnections, int largestPools,
        long maxDictEntries, String layoutSignature) {
    public NginxOptions {
        if (maxListSteps <= 0 || maxPools <= 0 || maxConnections <= 0 || largestPools < 0 || maxDictEntries <= 0
                || layoutSignature == null) {
            throw new IllegalArgumentException("invalid nginx walk limits");
        }
    }

    /**
     * 1 million list steps, 10 million pools, 1 million connections, 100 pools listed, 10 million dict entries, the
     * signature of Debian 12's nginx 1.22.1.
     */
    public static NginxOptions defaults() {
        return new NginxOptions(1_000_000, 10_000_000L, 1_000_000L, 100, 10_000_000L, PoolLayout.VERIFIED_SIGNATURE);
    }

    /** The same bounds, checked against {@code signature} instead. */
    public NginxOptions withLayoutSignature(String signature) {
        return new NginxOptions(maxListSteps, maxPools, maxConnections, largestPools, maxDictEntries, signature);
    }
}
