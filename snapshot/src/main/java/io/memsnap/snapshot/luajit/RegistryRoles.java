// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.elf.Symbolizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Names ngx_lua's registry tables by their role instead of their key. lua-nginx-module keys most of them by a light
 * userdata holding the address of a global {@code char} in the module (lua-nginx-module's ngx_http_lua_util.c,
 * masked to 47 bits on 64-bit targets, then encoded by LuaJIT: see {@link #LOW_BITS}), so the key is resolved through the symbols of the target's ELF files (the
 * dynamic symbols of {@code ngx_http_lua_module.so}, or the symbol table of an nginx built with the module); the
 * ngx.ctx tables are keyed by the string {@code ngx_lua_ctx_tables}. The symbols are read once, on the first light
 * userdata key asked about. Confined to the reader's thread.
 */
final class RegistryRoles {
    /** Global key symbols of lua-nginx-module and the role of the registry entry each one keys. */
    private static final Map<String, String> SYMBOLS = Map.of(
            "ngx_http_lua_coroutines_key", "ngx_lua coroutine table",
            "ngx_http_lua_code_cache_key", "ngx_lua code cache",
            "ngx_http_lua_socket_pool_key", "ngx_lua socket pools",
            "ngx_http_lua_headers_metatable_key", "ngx_lua headers metatable");
    /** The string key of the ngx.ctx tables (one per request, by reference number). */
    static final String CTX_TABLES_KEY = "ngx_lua_ctx_tables";
    static final String CTX_TABLES = "ngx.ctx tables";
    /**
     * The bits of an address a GC64 light userdata keeps as they are: since LuaJIT 2.1's full-range light userdata
     * (2020) the top 8 of its 47 bits are a segment number whose upper address bits sit in a table of the VM
     * (lj_obj.h, LJ_LIGHTUD_BITS_SEG); before, all 47 bits were the address. Keys are matched on the low 39 bits,
     * which both encodings hold unchanged.
     */
    private static final long LOW_BITS = (1L << 39) - 1;
    /** A VM without ngx_lua (tests, a standalone luajit): no light userdata key has a role. */
    static final RegistryRoles NONE = new RegistryRoles(() -> null);

    private final Supplier<Symbolizer> symbols;
    private Map<Long, String> byAddress;

    /** Roles resolved through {@code symbols} (called at most once; null means no symbols). */
    RegistryRoles(Supplier<Symbolizer> symbols) {
        this.symbols = symbols;
    }

    /** The role of the registry entry under the light userdata key {@code address}, if it is one of ngx_lua's. */
    Optional<String> ofLightUserdata(long address) {
        if (byAddress == null) {
            byAddress = new HashMap<>();
            Symbolizer s = symbols.get();
            if (s != null) {
                SYMBOLS.forEach((name, role) -> s.address(name)
                        .ifPresent(a -> byAddress.put(a & LOW_BITS, role)));
            }
        }
        return Optional.ofNullable(byAddress.get(address & LOW_BITS));
    }
}
