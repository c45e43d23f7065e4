// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Builds the "how to fix it" half of permission errors. Stateless and thread-safe. */
public final class PermissionAdvice {
    private PermissionAdvice() {}

    /**
     * Advice for reading process {@code pid}: run as root or as the target's uid, or with CAP_SYS_PTRACE, and the
     * current {@code kernel.yama.ptrace_scope} if the kernel has Yama. Never throws.
     */
    public static String forPid(int pid) {
        String owner = ownerUid(pid);
        String scope = yamaScope();
        return text(owner, scope);
    }

    /** The advice text for an owner uid and a Yama scope value (either may be empty). Pure. */
    static String text(String ownerUid, String yamaScope) {
        StringBuilder sb = new StringBuilder("run memsnap as root");
        sb.append(ownerUid.isEmpty() ? " or as the target's user" : " or as the target's user (uid " + ownerUid + ")");
        sb.append(", or give it CAP_SYS_PTRACE (in a container: --cap-add SYS_PTRACE)");
        if (!yamaScope.isEmpty() && !yamaScope.equals("0")) {
            sb.append(String.format(Locale.ROOT,
                    "; kernel.yama.ptrace_scope is %s, which lets only root/CAP_SYS_PTRACE read other processes"
                            + " (sysctl -w kernel.yama.ptrace_scope=0 relaxes it)", yamaScope));
        }
        return sb.toString();
    }

    private static String ownerUid(int pid) {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc", Integer.toString(pid)), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    private static String yamaScope() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/yama/ptrace_scope"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
