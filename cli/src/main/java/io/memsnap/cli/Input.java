// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The FILE a command reads, opened exactly once so that pipes, FIFOs and {@code -} (stdin) work: the format is
 * told from the first bytes, which stay in the stream. Confined to one thread.
 */
final class Input implements AutoCloseable {
    private static final int MAGIC_BYTES = 4;
    private final String name;
    private final Optional<Path> path;
    private final BufferedInputStream stream;

    private Input(String name, Optional<Path> path, InputStream raw) {
        this.name = name;
        this.path = path;
        this.stream = new BufferedInputStream(raw);
    }

    /** Opens {@code arg}: {@code -} is {@code stdin} (not closed afterwards), anything else a file path. */
    static Input open(String arg, InputStream stdin) {
        if (arg.equals(Output.STDIO)) {
            return new Input("stdin", Optional.empty(), new UnclosedStream(stdin));
        }
        Path p = Path.of(arg);
        try {
            // a FileInputStream, not Files.newInputStream: its available() works on pipes and FIFOs (GZIP asks)
            if (!Files.exists(p)) {
                throw new NoSuchFileException(arg);
            }
            return new Input(arg, Optional.of(p), new FileInputStream(p.toFile()));
        } catch (NoSuchFileException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, arg + ": no such file", e);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, arg + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** How the input is named in messages: the path as given, or {@code stdin}. */
    String name() {
        return name;
    }

    /** The file, when the input is a regular file that can be opened again (not a pipe, FIFO or stdin). */
    Optional<Path> regularFile() {
        return path.filter(Files::isRegularFile);
    }

    /** The path as given, empty for stdin. */
    Optional<Path> path() {
        return path;
    }

    /** The whole content, starting at the first byte. */
    InputStream stream() {
        return stream;
    }

    /** Whether the content starts with the ELF magic (a core file); reads ahead without consuming. */
    boolean isElf() {
        byte[] magic = new byte[MAGIC_BYTES];
        try {
            stream.mark(MAGIC_BYTES);
            int n = stream.readNBytes(magic, 0, MAGIC_BYTES);
            stream.reset();
            return n == MAGIC_BYTES && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, name + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            // read to the end or failed already; nothing left to report
        }
    }

    /** Lets stdin stay open when the input is closed. */
    private static final class UnclosedStream extends java.io.FilterInputStream {
        UnclosedStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
