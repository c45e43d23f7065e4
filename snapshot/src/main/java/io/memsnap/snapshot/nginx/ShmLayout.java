// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

/**
 * Offsets of nginx 1.22's shared-memory structures (ngx_cycle.h, ngx_shmem.h, ngx_slab.h) and of lua-nginx-module
 * 0.10.23's shared dict (ngx_http_lua_shdict.h), x86_64; see allocator-layouts.md section 4.5.
 */
final class ShmLayout {
    private ShmLayout() {}

    /** ngx_list_t: part {elts, nelts, next}, size (element bytes). */
    static final int LIST_ELTS = 8;
    static final int LIST_NELTS = 16;
    static final int LIST_NEXT = 24;
    static final int LIST_SIZE = 32;

    /** ngx_shm_zone_t (88 bytes). */
    static final int ZONE_SIZE = 88;
    static final int ZONE_ADDR = 8;
    static final int ZONE_BYTES = 16;
    static final int ZONE_NAME_LEN = 24;
    static final int ZONE_NAME_DATA = 32;
    static final int ZONE_TAG = 64;

    /** ngx_module_t.name. */
    static final int MODULE_NAME = 16;

    /** ngx_slab_pool_t (200 bytes). */
    static final int SLAB_POOL_SIZE = 200;
    static final int SLAB_MIN_SHIFT = 24;
    static final int SLAB_PAGES = 32;
    static final int SLAB_LAST = 40;
    static final int SLAB_STATS = 72;
    static final int SLAB_PFREE = 80;
    static final int SLAB_END = 96;
    static final int SLAB_LOG_CTX = 168;
    static final int SLAB_DATA = 184;
    static final int SLAB_ADDR = 192;
    /** sizeof(ngx_slab_page_t) and sizeof(ngx_slab_stat_t). */
    static final int SLAB_PAGE = 24;
    static final int SLAB_STAT = 32;
    /** Slot sizes 8 .. 2048 on 4 KiB pages. */
    static final int SLOT_CLASSES = 9;

    /** ngx_http_lua_shdict_shctx_t: rbtree {root, sentinel}. */
    static final int DICT_ROOT = 0;
    static final int DICT_SENTINEL = 8;
    /** ngx_rbtree_node_t links, then the shdict node from offset 32. */
    static final int NODE_LEFT = 8;
    static final int NODE_RIGHT = 16;
    static final int NODE_KEY_LEN = 34;
    static final int NODE_VALUE_LEN = 36;
    static final int NODE_EXPIRES = 40;
    static final int NODE_HEADER = 32 + 36;
    static final int NODE_READ = 48;
}
