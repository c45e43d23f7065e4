// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A stand-in for a memsnap process that dies while holding a freeze: freezes the pid in args[0], prints
 * {@code FROZEN <threads>} and sleeps until killed. Started in a child JVM by {@link FreezerIT}.
 */
public final class FreezeHolderMain {
    private FreezeHolderMain() {}

    public static void main(String[] args) throws Exception {
        Freezer f = Freezer.freeze(Integer.parseInt(args[0]), Duration.ofSeconds(5));
        System.out.write(("FROZEN " + f.threads().size() + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.flush();
        Thread.sleep(600_000);
    }
}
