// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

/**
 * The outcome of one libc call.
 *
 * @param value the return value (meaningless if {@code errno != 0})
 * @param errno 0 on success, else the error number
 * @param waitStatus the {@code wstatus} filled by waitpid, 0 for other calls
 */
public record SyscallResult(long value, int errno, int waitStatus) {
    static SyscallResult ok(long value) {
        return new SyscallResult(value, 0, 0);
    }

    static SyscallResult failed(int errno) {
        return new SyscallResult(-1, errno, 0);
    }

    /** True if the call succeeded. */
    public boolean succeeded() {
        return errno == 0;
    }
}
