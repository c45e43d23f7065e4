// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.snapshot.memory.AddressIndex;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The address space of one target as the allocator walkers see it: its mappings, its memory, which pages are
 * resident, and the files behind file mappings. Implemented for live processes and for core files. Confined to
 * one thread (a {@link #concurrentView} serves a second one).
 */
public interface ProcessImage extends AutoCloseable {

    /** The target's pid (from /proc or from the core's NT_PRSTATUS). */
    int pid();

    /** Every mapping in address order. */
    List<Mapping> mappings();

    /** Read-only access to the target's memory. */
    Memory memory();

    /**
     * Page residency: pagemap for a live process, the stopped moment's for a frozen copy, and for a core file an
     * estimate (a dumped page that is not all zero counts as resident; the image warns that residency is estimated).
     */
    Residency residency();

    /**
     * A path through which memsnap can read the file behind {@code mapping} as the target sees it (through
     * {@code /proc/PID/root} for live targets so container paths resolve), or empty if none is readable.
     */
    Optional<Path> file(Mapping mapping);

    /**
     * The page-start scan of this image ({@link PageHeads}). Implementations keep one per image, so that every walker
     * shares one scan; this default makes a new one on each call.
     */
    default PageHeads pageHeads() {
        return PageHeads.of(memory(), residency());
    }

    /**
     * A second view of this image that a walker may read on another thread while other walkers read this one, or
     * empty if the image cannot be shared between threads (a running process, whose memory changes under a walk, and
     * core files have none). The view has the same mappings, residency and bytes, with a read cache of its own;
     * closing it releases only that cache, and it must be closed before this image is. Default: empty.
     */
    default Optional<ProcessImage> concurrentView() {
        return Optional.empty();
    }

    /** The mapping containing {@code address}, if any. */
    default Optional<Mapping> mappingAt(long address) {
        return AddressIndex.of(mappings(), Mapping::start, Mapping::end).find(address);
    }

    @Override
    void close();
}
