// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import java.util.Objects;

/**
 * Facts about the machine and tool that made a snapshot.
 *
 * @param kernel kernel release ({@code uname -r}), empty if unknown
 * @param pageSizeBytes page size of the target
 * @param memsnapVersion version of memsnap that captured
 */
public record HostInfo(String kernel, long pageSizeBytes, String memsnapVersion) {
    public HostInfo {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(memsnapVersion, "memsnapVersion");
    }
}
