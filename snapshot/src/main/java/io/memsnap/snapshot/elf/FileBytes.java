// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import io.memsnap.snapshot.MemsnapException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Bounds-checked positional reads from one file. Every read outside the file, or of an absurd length, throws
 * {@link MemsnapException.Kind#BAD_INPUT} naming the path and byte offset, so corrupt ELF files never surface as
 * index errors. Positional reads leave no shared position, but the class is still meant for one thread.
 */
public final class FileBytes implements AutoCloseable {
    /** Upper bound of one read; no table or section memsnap reads is larger. */
    static final int MAX_READ = 512 << 20;

    private final Path path;
    private final FileChannel channel;
    private final long size;

    private FileBytes(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code path} read-only. */
    public static FileBytes open(Path path) {
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            return new FileBytes(path, ch, ch.size());
        } catch (NoSuchFileException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "no such file: " + path, e);
        } catch (AccessDeniedException e) {
            throw new MemsnapException(MemsnapException.Kind.PERMISSION, "permission denied reading " + path, e);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "cannot open " + path + ": " + e.getMessage(),
                    e);
        }
    }

    /** The file this reads. */
    public Path path() {
        return path;
    }

    /** File size in bytes when opened. */
    public long sizeBytes() {
        return size;
    }

    /** True if {@code [offset, offset+length)} lies inside the file. */
    public boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    /**
     * Reads exactly {@code length} bytes at {@code offset}.
     *
     * @param what what is being read, for the error message (e.g. "section headers")
     * @throws MemsnapException BAD_INPUT if the range is outside the file
     */
    public byte[] read(long offset, long length, String what) {
        if (length > MAX_READ || !contains(offset, length)) {
            throw bad(offset, String.format(Locale.ROOT, "%s (%d bytes) lies outside the file (%d bytes)", what,
                    length, size));
        }
        byte[] b = new byte[(int) length];
        readInto(offset, b, 0, b.length);
        return b;
    }

    /**
     * Reads exactly {@code length} bytes at {@code offset} into {@code dst[dstOffset..]}.
     *
     * @throws MemsnapException BAD_INPUT if the range is outside the file
     */
    public void readFully(long offset, byte[] dst, int dstOffset, int length) {
        if (!contains(offset, length)) {
            throw bad(offset, length + " bytes requested past the end of the file (" + size + " bytes)");
        }
        readInto(offset, dst, dstOffset, length);
    }

    /** Reads into {@code dst}; the caller has checked bounds with {@link #contains}. */
    void readInto(long offset, byte[] dst, int dstOffset, int length) {
        ByteBuffer buf = ByteBuffer.wrap(dst, dstOffset, length);
        try {
            while (buf.hasRemaining()) {
                int n = channel.read(buf, offset + (buf.position() - dstOffset));
                if (n < 0) {
                    throw bad(offset, "file shrank while reading");
                }
            }
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                    String.format(Locale.ROOT, "%s: I/O error at byte offset %d: %s", path, offset, e.getMessage()),
                    e);
        }
    }

    /** A BAD_INPUT exception that names this file and {@code offset}. */
    public MemsnapException bad(long offset, String why) {
        return new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                String.format(Locale.ROOT, "%s: corrupt or truncated at byte offset %d (0x%x): %s", path, offset,
                        offset, why));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // opened read-only; nothing to lose
        }
    }
}
