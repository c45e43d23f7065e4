// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.ProcMemMemory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.SmapsParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A live process: mappings from {@code /proc/PID/smaps}, memory, pagemap residency. Confined to one thread. */
public final class LiveProcessImage implements ProcessImage {
    private final int pid;
    private final List<Mapping> mappings;
    private final Memory memory;
    private final PagemapResidency residency;

    private LiveProcessImage(int pid, List<Mapping> mappings, Memory memory, PagemapResidency residency) {
        this.pid = pid;
        this.mappings = mappings;
        this.memory = memory;
        this.residency = residency;
    }

    /** Reads the mappings of {@code pid} and opens its memory and pagemap. */
    public static LiveProcessImage open(int pid) {
        List<Mapping> maps = SmapsParser.parse(readProcFile(pid, "smaps"));
        Memory mem = ProcMemMemory.open(pid);
        try {
            return new LiveProcessImage(pid, maps, mem, PagemapResidency.open(pid));
        } catch (IOException e) {
            mem.close();
            throw new MemsnapException(MemsnapException.Kind.PERMISSION,
                    "cannot open /proc/" + pid + "/pagemap: " + e.getMessage(), e);
        }
    }

    /** Reads {@code /proc/PID/NAME} as text, mapping errors to domain exceptions. */
    public static String readProcFile(int pid, String name) {
        Path p = Path.of("/proc", Integer.toString(pid), name);
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "no process with pid " + pid, e);
        } catch (AccessDeniedException e) {
            throw new MemsnapException(MemsnapException.Kind.PERMISSION,
                    "permission denied reading " + p + ": run memsnap as root or as the target's user", e);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE,
                    "cannot read " + p + " (process exited?): " + e.getMessage(), e);
        }
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
    public Memory memory() {
        return memory;
    }

    @Override
    public Residency residency() {
        return residency;
    }

    @Override
    public Optional<Path> file(Mapping mapping) {
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
