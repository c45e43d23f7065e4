// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;

/**
 * A frozen copy that memsnap refused to take, or abandoned, to keep its pause bound (or its memory bound): the
 * target was not stopped, or runs again, and nothing of it was captured. Kind {@code UNSUPPORTED}; the message is
 * one line saying why and what to do.
 */
public final class PauseRefusedException extends MemsnapException {
    private static final long serialVersionUID = 1L;

    PauseRefusedException(String message) {
        super(Kind.UNSUPPORTED, message);
    }
}
