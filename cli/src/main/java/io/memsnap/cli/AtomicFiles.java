// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so readers never see it half written: into {@code NAME.tmp} in the same directory, then renamed
 * over {@code NAME} (node_exporter's textfile collector reads only {@code *.prom}, so it skips the temp file).
 */
final class AtomicFiles {
    /** Writes the content. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    static void write(Path file, Content content) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "cannot write " + file + ": " + e.getMessage(),
                    e);
        }
    }
}
