// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.target.live.Freezer;
import io.memsnap.snapshot.target.live.ProcessVmMemory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Run by {@link PermissionIT} as an unprivileged user against a root-owned process: tries a capture, a freeze and a
 * memory read of pid args[0] and prints one line per attempt, {@code <what> <kind>: <message>} or
 * {@code <what> OK}.
 */
public final class UnprivilegedCaptureMain {
    private UnprivilegedCaptureMain() {}

    public static void main(String[] args) throws Exception {
        int pid = Integer.parseInt(args[0]);
        long address = Long.parseUnsignedLong(args[1], 16);
        attempt("capture", () -> new Capturer(Clock.systemUTC(), List.of(), "test")
                .captureLive(pid, CaptureOptions.defaults()));
        attempt("freeze", () -> Freezer.freeze(pid, Duration.ofSeconds(2)).close());
        attempt("read", () -> ProcessVmMemory.open(pid).readLong(address));
    }

    private static void attempt(String what, Runnable r) throws Exception {
        String line;
        try {
            r.run();
            line = what + " OK";
        } catch (MemsnapException e) {
            line = what + " " + e.kind() + ": " + e.getMessage();
        }
        System.out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
