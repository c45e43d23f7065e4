// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real process image whose memory reads see some qwords replaced: how a list looks when the target changed it
 * mid-walk or it is corrupt, made deterministic. The target itself is never written. Also used by the nginx tests.
 */
public final class TamperedImage implements ProcessImage {
    private final ProcessImage real;
    private final Map<Long, Long> qwords;

    TamperedImage(ProcessImage real, long address, long value) {
        this(real, Map.of(address, value));
    }

    /** Reads of {@code real} with the qword at each key of {@code qwords} replaced by its value. */
    public TamperedImage(ProcessImage real, Map<Long, Long> qwords) {
        this.real = real;
        this.qwords = Map.copyOf(qwords);
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
            qwords.forEach((address, value) -> {
                for (int i = 0; i < 8; i++) {
                    long a = address + i;
                    if (a >= addr && a < addr + length) {
                        dst[offset + (int) (a - addr)] = (byte) (value >>> (8 * i));
                    }
                }
            });
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
