// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a pool is attributed to its owner, strongest first. Serialized as snake_case. */
public enum Evidence {
    /** Reached from nginx's own roots: {@code ngx_cycle->pool}, a connection's pool, a request's pool. */
    REACHABILITY("reachable from ngx_cycle"),
    /** A cleanup handler of the pool resolves to a symbol ({@code .symtab}, else {@code .dynsym}). */
    CLEANUP_HANDLER("cleanup handler symbol"),
    /** A pointer to the pool head sits in the writable data (.data/.bss) of nginx or a module. */
    DATA_REFERENCE("referenced from a data segment"),
    /** A cleanup handler lies in a module's file but no symbol names it (stripped): the file name only. */
    CLEANUP_MODULE("cleanup handler in a module file"),
    /** Only the pool's size suggests its creator: a hint, not proof. */
    SIZE_HINT("size hint"),
    /** Nothing says more. */
    NONE("no evidence");

    private final String label;

    Evidence(String label) {
        this.label = label;
    }

    /** Human label for reports. */
    public String label() {
        return label;
    }

    /** The JSON name. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
