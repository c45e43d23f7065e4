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
        String self = selfStatus();
        return text(owner, scope, field(self, "Uid:", 1), field(self, "CapEff:", 0));
    }

    /**
     * The advice text for an owner uid, a Yama scope value, memsnap's own effective uid and effective capability
     * mask in hex (any may be empty). Root without CAP_SYS_PTRACE (a container, a systemd unit's capability set) is
     * told that, since "run as root" would not help. Pure.
     */
    static String text(String ownerUid, String yamaScope, String selfEuid, String selfCapEff) {
        if (selfEuid.equals("0") && !selfCapEff.isEmpty() && !hasPtraceCapability(selfCapEff)) {
            return "memsnap runs as root but without the CAP_SYS_PTRACE capability (effective capabilities "
                    + selfCapEff + "), which reading a process with more privileges needs: in a container add "
                    + "--cap-add SYS_PTRACE, in a systemd unit add CAP_SYS_PTRACE to CapabilityBoundingSet, or run "
                    + "it from a full root shell";
        }
        return text(ownerUid, yamaScope);
    }

    /** Whether bit 19 (CAP_SYS_PTRACE, linux/capability.h) is set in a hex capability mask. Pure. */
    static boolean hasPtraceCapability(String capHex) {
        try {
            return (Long.parseUnsignedLong(capHex.trim(), 16) & (1L << 19)) != 0;
        } catch (NumberFormatException e) {
            return true;
        }
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

    /** Field {@code index} (0-based, whitespace separated) of the status line starting with {@code key}. */
    static String field(String status, String key, int index) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] f = line.substring(key.length()).trim().split("\\s+");
                return index < f.length ? f[index] : "";
            }
        }
        return "";
    }

    private static String selfStatus() {
        try {
            return Files.readString(Path.of("/proc/self/status"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
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
