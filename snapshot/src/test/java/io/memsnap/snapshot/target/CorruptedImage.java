// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real process image whose reads see some 8-aligned qwords replaced: how a structure looks when the target changed
 * it mid-walk or it is corrupt (sizes, pointers out of range, cycles, cut lists), made deterministic; optionally with
 * another page residency. The target
 * itself is never written. Closing it does not close the real image.
 */
public final class CorruptedImage implements ProcessImage {
    private final ProcessImage real;
    /** Replaced qwords by 8-aligned address. */
    private final Map<Long, Long> words;

    /** Page residency, if it differs from the real image's (null: the real one). */
    private final Residency residency;

    public CorruptedImage(ProcessImage real, Map<Long, Long> words) {
        this(real, words, null);
    }

    /** The same, whose page residency is {@code residency} (as a target whose pagemap says other things). */
    public CorruptedImage(ProcessImage real, Map<Long, Long> words, Residency residency) {
        this.real = real;
        this.words = Map.copyOf(words);
        this.residency = residency;
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
        return residency != null ? residency : real.residency();
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
