// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import io.memsnap.snapshot.MemsnapException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a live process through {@code /proc/PID/mem} (positional reads, opened read-only). Needs ptrace-read
 * permission on the target. Thread-safe (positional reads only).
 */
public final class ProcMemMemory implements Memory {
    private final int pid;
    private final FileChannel channel;

    private ProcMemMemory(int pid, FileChannel channel) {
        this.pid = pid;
        this.channel = channel;
    }

    /** Opens {@code /proc/PID/mem} read-only. */
    public static ProcMemMemory open(int pid) {
        Path p = Path.of("/proc", Integer.toString(pid), "mem");
        try {
            return new ProcMemMemory(pid, FileChannel.open(p, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "no process with pid " + pid, e);
        } catch (AccessDeniedException e) {
            throw new MemsnapException(MemsnapException.Kind.PERMISSION,
                    "permission denied reading " + p + ": run memsnap as root or as the target's user", e);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.PERMISSION, "cannot open " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        ByteBuffer buf = ByteBuffer.wrap(dst, offset, length);
        long pos = address;
        try {
            while (buf.hasRemaining()) {
                // FileChannel positions are signed; kernel addresses above 2^63 are never user memory
                if (pos < 0) {
                    throw new UnreadableMemoryException(address, length, "address outside user space");
                }
                int n = channel.read(buf, pos);
                if (n <= 0) {
                    throw new UnreadableMemoryException(address, length, "short read from /proc/" + pid + "/mem");
                }
                pos += n;
            }
        } catch (IOException e) {
            throw new UnreadableMemoryException(address, length, e.getMessage() == null ? "I/O error" : e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written; a failed close loses nothing
        }
    }
}
