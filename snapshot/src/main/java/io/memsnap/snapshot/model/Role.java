// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of process a snapshot section describes. Serialized lower case. */
public enum Role {
    /** nginx master process. */
    MASTER,
    /** nginx worker (or cache manager/loader helper) process. */
    WORKER,
    /** A standalone LuaJIT interpreter or a host embedding LuaJIT. */
    LUAJIT,
    /** Anything else: still gets RSS and glibc analysis. */
    OTHER;

    /** The JSON name. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
