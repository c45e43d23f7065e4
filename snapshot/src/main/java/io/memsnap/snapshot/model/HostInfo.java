// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import java.util.Objects;

/**
 * Facts about the machine and tool that made a snapshot.
 *
 * @param kernel kernel release ({@code uname -r}); {@value #UNKNOWN_KERNEL} for a core file, which does not record
 *     it
 * @param pageSizeBytes page size of the target
 * @param memsnapVersion version of memsnap that captured
 */
public record HostInfo(String kernel, long pageSizeBytes, String memsnapVersion) {
    /** The kernel of a snapshot read from a core file. */
    public static final String UNKNOWN_KERNEL = "unknown";

    public HostInfo {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(memsnapVersion, "memsnapVersion");
    }
}
