// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;

/**
 * A LuaJIT VM found in the target.
 *
 * @param stateAddress the main {@code lua_State}
 * @param globalStateAddress its {@code global_State}
 * @param mstateAddress its allocator state
 * @param flavour {@code openresty-luajit2} or {@code luajit}
 * @param gcTotalBytes {@code gc.total}
 * @param main true for the VM the heap section describes (the one with the largest {@code gc.total})
 */
public record LuaJitVm(
        long stateAddress, long globalStateAddress, long mstateAddress, String flavour, long gcTotalBytes,
        boolean main) {
    public LuaJitVm {
        Objects.requireNonNull(flavour, "flavour");
    }
}
