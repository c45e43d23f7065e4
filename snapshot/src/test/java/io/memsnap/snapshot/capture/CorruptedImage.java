// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real (copied) process image whose reads see some qwords replaced, as a fuzz case: sizes, pointers out of range,
 * cycles, cut lists, made deterministic by the caller's seed. Closing it does not close the real image.
 */
final class CorruptedImage implements ProcessImage {
    private final ProcessImage real;
    /** Replaced qwords by 8-aligned address. */
    private final Map<Long, Long> words;

    CorruptedImage(ProcessImage real, Map<Long, Long> words) {
        this.real = real;
        this.words = Map.copyOf(words);
    }

    @Override
    public int pid() {
        return real.pid();
    }

    @Override
    public List<Mapping> mappings() {
        return real.mappings();
    }

    @Override
    public Memory memory() {
        return (addr, dst, offset, length) -> {
            real.memory().read(addr, dst, offset, length);
            for (long w = addr & -8L; w < addr + length; w += 8) {
                Long v = words.get(w);
                if (v == null) {
                    continue;
                }
                for (int i = 0; i < 8; i++) {
                    long a = w + i;
                    if (a >= addr && a < addr + length) {
                        dst[offset + (int) (a - addr)] = (byte) (v >>> (8 * i));
                    }
                }
            }
        };
    }

    @Override
    public Residency residency() {
        return real.residency();
    }

    @Override
    public Optional<Path> file(Mapping mapping) {
        return real.file(mapping);
    }

    @Override
    public void close() {
        // the real image belongs to the caller
    }
}
