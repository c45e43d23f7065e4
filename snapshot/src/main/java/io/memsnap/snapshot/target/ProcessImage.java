// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The address space of one target as the allocator walkers see it: its mappings, its memory, which pages are
 * resident, and the files behind file mappings. Implemented for live processes and for core files. Confined to
 * one thread.
 */
public interface ProcessImage extends AutoCloseable {

    /** The target's pid (from /proc or from the core's NT_PRSTATUS). */
    int pid();

    /** Every mapping in address order. */
    List<Mapping> mappings();

    /** Read-only access to the target's memory. */
    Memory memory();

    /** Page residency, {@link Residency#unknown()} for core files. */
    Residency residency();

    /**
     * A path through which memsnap can read the file behind {@code mapping} as the target sees it (through
     * {@code /proc/PID/root} for live targets so container paths resolve), or empty if none is readable.
     */
    Optional<Path> file(Mapping mapping);

    /** The mapping containing {@code address}, if any. */
    default Optional<Mapping> mappingAt(long address) {
        for (Mapping m : mappings()) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    void close();
}
