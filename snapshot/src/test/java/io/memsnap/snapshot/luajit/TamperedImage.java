// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real process image whose memory reads see one qword replaced: how a list looks when the target changed it
 * mid-walk or it is corrupt, made deterministic. The target itself is never written.
 */
final class TamperedImage implements ProcessImage {
    private final ProcessImage real;
    private final long address;
    private final long value;

    TamperedImage(ProcessImage real, long address, long value) {
        this.real = real;
        this.address = address;
        this.value = value;
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
            for (int i = 0; i < 8; i++) {
                long a = address + i;
                if (a >= addr && a < addr + length) {
                    dst[offset + (int) (a - addr)] = (byte) (value >>> (8 * i));
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
