// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.memory.CachedMemory;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.ProcessImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A live process: mappings from {@code /proc/PID/smaps}, memory through process_vm_readv with a 64 KiB block cache,
 * pagemap residency. Files behind mappings resolve through {@code /proc/PID/root}, so paths inside a container's
 * mount namespace work. Confined to one thread.
 */
public final class LiveProcessImage implements ProcessImage {
    private final int pid;
    private final List<Mapping> mappings;
    private final Memory memory;
    private final PagemapResidency residency;
    private final PageHeads pageHeads;

    private LiveProcessImage(int pid, List<Mapping> mappings, Memory memory, PagemapResidency residency) {
        this.pid = pid;
        this.mappings = mappings;
        this.memory = memory;
        this.residency = residency;
        this.pageHeads = PageHeads.of(memory, residency);
    }

    /** Blocks kept by the read cache: 32 MiB. */
    private static final int CACHE_BLOCKS = 512;

    /**
     * Reads the mappings of {@code pid} and opens its memory (process_vm_readv behind a block cache, falling back
     * to {@code /proc/PID/mem}) and pagemap.
     *
     * @throws io.memsnap.snapshot.MemsnapException TARGET_GONE or PERMISSION (with how to get access)
     */
    public static LiveProcessImage open(int pid) {
        List<Mapping> maps = SmapsParser.parse(readProcFile(pid, "smaps"));
        Memory raw = ProcessVmMemory.open(pid);
        PagemapResidency pagemap;
        try {
            pagemap = PagemapResidency.open(pid, ZeroPage.frameNumber());
        } catch (IOException e) {
            raw.close();
            throw ProcFs.failure(pid, ProcFs.path(pid, "pagemap"), e);
        }
        Memory mem = CachedMemory.of(new NonFaultingMemory(pid, raw, pagemap, maps), CACHE_BLOCKS);
        return new LiveProcessImage(pid, maps, mem, pagemap);
    }

    /** Reads {@code /proc/PID/NAME} as text, mapping errors to domain exceptions (see {@link ProcFs}). */
    public static String readProcFile(int pid, String name) {
        return ProcFs.readText(pid, name);
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public List<Mapping> mappings() {
        return mappings;
    }

    @Override
    public PageHeads pageHeads() {
        return pageHeads;
    }

    @Override
    public Memory memory() {
        return memory;
    }

    @Override
    public Residency residency() {
        return residency;
    }

    @Override
    public Optional<Path> file(Mapping mapping) {
        return fileOf(pid, mapping);
    }

    /** The file behind {@code mapping} of live process {@code pid}, through its {@code /proc/PID/root}. */
    static Optional<Path> fileOf(int pid, Mapping mapping) {
        if (!mapping.path().startsWith("/")) {
            return Optional.empty();
        }
        Path p = Path.of("/proc", Integer.toString(pid), "root", mapping.path().substring(1));
        return Files.isReadable(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public void close() {
        memory.close();
        residency.close();
    }
}
