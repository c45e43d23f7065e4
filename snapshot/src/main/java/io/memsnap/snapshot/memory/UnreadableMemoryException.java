// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import io.memsnap.snapshot.MemsnapException;
import java.util.Locale;

/** Target memory at an address could not be read completely (unmapped, PROT_NONE, process gone, not in core). */
public final class UnreadableMemoryException extends MemsnapException {
    private static final long serialVersionUID = 1L;
    private final long address;
    private final int length;

    public UnreadableMemoryException(long address, int length, String why) {
        super(Kind.UNREADABLE, String.format(Locale.ROOT, "cannot read %d bytes at 0x%x: %s", length, address, why));
        this.address = address;
        this.length = length;
    }

    /** First address of the failed read. */
    public long address() {
        return address;
    }

    /** Bytes requested. */
    public int length() {
        return length;
    }
}
