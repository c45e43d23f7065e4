// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;

/** Every exit code memsnap returns, listed in {@code --help} and docs/exit-codes.md. */
public enum ExitCode {
    OK(0, "success"),
    INTERNAL(1, "internal error (a bug: please report it with --debug output)"),
    USAGE(2, "usage error: unknown option, missing or invalid argument (e.g. a pid below 1), -o naming an input"),
    TARGET_GONE(3, "target process does not exist or exited during capture"),
    PERMISSION(4, "permission denied reading the target (run as root or the target's user; ptrace scope)"),
    BAD_INPUT(5, "snapshot or core file unreadable, corrupt or of an unknown format; or the output cannot be written"),
    UNSUPPORTED(6, "target layout not supported (e.g. an unverified allocator version, no libc mapped to trace), or a "
            + "frozen copy refused or abandoned at --max-pause (the target runs on)"),
    FINDINGS(7, "report written, and it has a finding at or above the --fail-on severity"),
    NO_USER_MEMORY(8, "the pid has no user memory: a kernel thread, a zombie, or a thread id (not a process id)"),
    UNAVAILABLE(9, "tracing unavailable: perf missing (package linux-perf) or a kernel without uprobes"),
    INTERRUPTED(130, "interrupted");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The numeric process exit code. */
    public int code() {
        return code;
    }

    /** One line saying what the code means. */
    public String meaning() {
        return meaning;
    }

    /** The exit code for a library exception. */
    static ExitCode of(MemsnapException e) {
        return switch (e.kind()) {
            case TARGET_GONE, UNREADABLE -> TARGET_GONE;
            case PERMISSION -> PERMISSION;
            case BAD_INPUT -> BAD_INPUT;
            case UNSUPPORTED -> UNSUPPORTED;
            case UNAVAILABLE -> UNAVAILABLE;
            case INTERNAL -> INTERNAL;
            case NO_USER_MEMORY -> NO_USER_MEMORY;
        };
    }
}
