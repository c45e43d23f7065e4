// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

/**
 * Offsets of nginx 1.22 (Debian build, x86_64) structures memsnap reads, from ngx_palloc.h, ngx_cycle.h,
 * ngx_connection.h, ngx_http_request.h, ngx_slab.h and lua-nginx-module 0.10.23 (verified in
 * /work/shared/reference/allocator-layouts.md section 4 and against the nginx-dev headers).
 */
final class PoolLayout {
    private PoolLayout() {}

    /** sizeof(ngx_pool_t): the head block's header. */
    static final int POOL_HEADER = 80;
    /** sizeof(ngx_pool_data_t): the header of every later block. */
    static final int BLOCK_HEADER = 32;
    static final int D_LAST = 0;
    static final int D_END = 8;
    static final int D_NEXT = 16;
    static final int D_FAILED = 24;
    static final int MAX = 32;
    static final int CURRENT = 40;
    static final int LARGE = 56;
    static final int CLEANUP = 64;
    static final int LOG = 72;
    /** NGX_MAX_ALLOC_FROM_POOL on 4 KiB pages. */
    static final long MAX_ALLOC_FROM_POOL = 4095;
    /** d.failed never passes this (current moves on once a block failed more than 4 times). */
    static final long MAX_FAILED = 6;

    /**
     * NGX_MODULE_SIGNATURE of the build these offsets were verified on (Debian 12's nginx 1.22.1, as its modules
     * carry it); {@link BuildSignature} checks a target against it.
     */
    static final String VERIFIED_SIGNATURE = "8,4,8,0011111111010111001111111111111111";
    /** nginx_version of that build. */
    static final long VERIFIED_VERSION = 1_022_001;

    /** ngx_cycle_t fields. */
    static final int CYCLE_POOL = 8;
    static final int CYCLE_SHARED_MEMORY = 432;
    static final int CYCLE_CONNECTION_N = 488;
    static final int CYCLE_CONNECTIONS = 504;

    /** ngx_connection_t (240 bytes in this build): data, fd, pool. */
    static final int CONNECTION_SIZE = 240;
    static final int CONNECTION_DATA = 0;
    static final int CONNECTION_FD = 24;
    static final int CONNECTION_POOL = 88;

    /** ngx_http_request_t: "HTTP" signature, connection, pool. */
    static final int REQUEST_SIGNATURE = 0;
    static final int REQUEST_CONNECTION = 8;
    static final int REQUEST_POOL = 88;
    static final int HTTP_SIGNATURE = 0x50545448;

    /** glibc's MINSIZE (x86_64): a free chunk is split only if the rest is at least this big. */
    static final long MIN_CHUNK = 32;

    /** glibc's chunk size for a malloc of {@code request} bytes (x86_64). */
    static long request2size(long request) {
        return Math.max(MIN_CHUNK, (request + 8 + 15) & ~15L);
    }
}
