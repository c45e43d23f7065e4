// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where libc sits in a target: its mappings, the writable ranges that hold its data ({@code .data} and the
 * anonymous mapping right after it that holds {@code .bss}), and its version.
 *
 * @param path the library path as the target maps it
 * @param writable libc's file-backed writable ranges ({@code .data}), as {start, end} pairs; main_arena and mp_ have
 *     initialisers, so they live there and never in {@code .bss}
 * @param version the release version from the library's banner, if found
 */
record LibcImage(String path, List<long[]> writable, Optional<String> version) {

    private static final int MAX_FILE_BYTES = 32 << 20;

    /** Finds libc in {@code image}; empty when no libc is mapped (static binaries). */
    static Optional<LibcImage> find(ProcessImage image) {
        List<Mapping> maps = image.mappings();
        List<Mapping> libc = new ArrayList<>();
        for (Mapping m : maps) {
            if (isLibc(m.path())) {
                libc.add(m);
            }
        }
        if (libc.isEmpty()) {
            return Optional.empty();
        }
        String path = libc.get(0).path();
        List<long[]> writable = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            Mapping m = maps.get(i);
            if (m.path().equals(path) && m.readable() && m.writable()) {
                writable.add(new long[] {m.start(), m.end()});
            }
        }
        return Optional.of(new LibcImage(path, writable, version(image, libc)));
    }

    static boolean isLibc(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.equals("libc.so.6") || name.matches("libc-2\\.\\d+\\.so");
    }

    private static Optional<String> version(ProcessImage image, List<Mapping> libc) {
        Optional<Path> file = image.file(libc.get(0));
        if (file.isPresent()) {
            try {
                Optional<String> v = FileVersions.versionOf(file.get());
                if (v.isPresent()) {
                    return v;
                }
            } catch (IOException e) {
                // fall back to the copy in memory
            }
        }
        for (Mapping m : libc) {
            if (!m.readable() || m.writable() || m.executable() || m.sizeBytes() > MAX_FILE_BYTES) {
                continue;
            }
            try {
                Optional<String> v = GlibcVersion.find(image.memory().read(m.start(), (int) m.sizeBytes()));
                if (v.isPresent()) {
                    return v;
                }
            } catch (UnreadableMemoryException e) {
                // try the next read-only segment
            }
        }
        return Optional.empty();
    }
}
