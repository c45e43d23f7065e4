// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot;

/**
 * Base of every exception the library modules throw. Each carries the {@link Kind} that the CLI maps to an
 * exit code, and a message that says what failed, on what (pid, path, address) and what to try.
 */
public class MemsnapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough to choose an exit code from. */
    public enum Kind {
        /** A bug in memsnap. */
        INTERNAL,
        /** No such process, or it exited during capture. */
        TARGET_GONE,
        /** Not allowed to read the target (not root, ptrace refused). */
        PERMISSION,
        /** A snapshot or core file that cannot be read or is not one we understand. */
        BAD_INPUT,
        /** Target memory could not be read at an address (unmapped, partial read). */
        UNREADABLE,
        /** A layout or version memsnap has not verified and refuses to walk. */
        UNSUPPORTED,
        /** A tool or kernel facility the command needs is missing (perf, uprobes). */
        UNAVAILABLE,
        /** The pid names no user address space: a kernel thread, a zombie, or a thread id rather than a process. */
        NO_USER_MEMORY
    }

    private final Kind kind;

    public MemsnapException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MemsnapException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The category that decides the exit code. */
    public Kind kind() {
        return kind;
    }
}
