// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

/** A command line that cannot be carried out as given (exit code 2), found after parsing; one line on stderr. */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
