// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.util.Objects;

/**
 * One ELF note: owner name, type and descriptor bytes.
 *
 * @param name owner, e.g. {@code GNU} or {@code CORE}, without the trailing NUL
 * @param type note type, e.g. {@link #NT_GNU_BUILD_ID}
 * @param descriptorOffset file offset of the descriptor, for error messages
 * @param descriptor the descriptor bytes (a copy)
 */
public record ElfNote(String name, int type, long descriptorOffset, byte[] descriptor) {
    /** GNU build-id. */
    public static final int NT_GNU_BUILD_ID = 3;
    /** Core: prstatus of one thread. */
    public static final int NT_PRSTATUS = 1;
    /** Core: prpsinfo of the process. */
    public static final int NT_PRPSINFO = 3;
    /** Core: auxiliary vector. */
    public static final int NT_AUXV = 6;
    /** Core: mapped files ('FILE'). */
    public static final int NT_FILE = 0x46494c45;

    public ElfNote {
        Objects.requireNonNull(name, "name");
        descriptor = descriptor.clone();
    }

    @Override
    public byte[] descriptor() {
        return descriptor.clone();
    }
}
