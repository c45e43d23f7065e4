// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.util.Objects;

/**
 * The content of a {@code .gnu_debuglink} section: the base name of the separate debug file and the CRC32 of its
 * whole content.
 *
 * @param fileName debug file name, e.g. {@code libc.so.6.debug}
 * @param crc32 the CRC-32 (IEEE, as {@link java.util.zip.CRC32}) the debug file must have
 */
public record DebugLink(String fileName, long crc32) {
    public DebugLink {
        Objects.requireNonNull(fileName, "fileName");
    }
}
