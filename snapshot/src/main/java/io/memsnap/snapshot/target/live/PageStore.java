// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link FrozenCopy} keeps the target's pages: outside the Java heap, in slices of at most 1 GiB, each a
 * direct buffer with a native address that process_vm_readv writes to. By default the slices are private anonymous
 * memory of memsnap, allocated before the target is stopped; the bytes the copy is expected to take are warmed then
 * too (so the copy takes no page faults and runs at full speed, see {@link LinuxLibc#warm}), the room kept for growth
 * is not touched and costs no memory unless the copy uses it; with a
 * spill directory they are a deleted temporary file there, mapped shared, so the kernel can write them out instead
 * of holding them in RAM. Slices added while copying (the estimate was short) are not warmed. Memory cost: the
 * bytes copied (about the target's resident writable bytes), or the warmed bytes if more. Not thread-safe while growing; reads of the buffers from
 * several threads are safe (absolute gets).
 */
final class PageStore implements AutoCloseable {
    static final long SLICE_BYTES = 1L << 30;
    private final Optional<Path> spillDir;
    private final List<ByteBuffer> slices = new ArrayList<>();
    private final List<Long> addresses = new ArrayList<>();
    private final List<Long> mapped = new ArrayList<>(); // anonymous slices to unmap, by length (0 for file)
    private FileChannel spill;

    private PageStore(Optional<Path> spillDir) {
        this.spillDir = spillDir;
    }

    /**
     * A store with room for {@code bytes}, allocated now, its first {@code warmBytes} warmed.
     *
     * @throws MemsnapException UNSUPPORTED if the memory or the spill file cannot be had (with the reason)
     */
    static PageStore allocate(long bytes, long warmBytes, Optional<Path> spillDir) {
        PageStore s = new PageStore(spillDir);
        try {
            long left = Math.max(bytes, 4096);
            long warm = warmBytes;
            while (left > 0) {
                long n = Math.min(left, SLICE_BYTES);
                s.addSlice(n, Math.max(0, Math.min(warm, n)));
                left -= n;
                warm -= n;
            }
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Number of slices. */
    int slices() {
        return slices.size();
    }

    /** Capacity of slice {@code i} in bytes. */
    long capacity(int i) {
        return slices.get(i).capacity();
    }

    /** Native address of slice {@code i}. */
    long address(int i) {
        return addresses.get(i);
    }

    /** Slice {@code i} as a little-endian buffer (shared; use absolute gets only). */
    ByteBuffer slice(int i) {
        return slices.get(i);
    }

    /** Adds a slice of {@code bytes}, its first {@code warmBytes} warmed (only before the target is stopped). */
    void addSlice(long bytes, long warmBytes) {
        if (spillDir.isPresent()) {
            addFileSlice(bytes);
            return;
        }
        SyscallResult r = LinuxLibc.mapAnonymous(bytes);
        if (!r.succeeded() || r.value() == -1) {
            throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED, String.format(java.util.Locale.ROOT,
                    "cannot allocate %d MiB for the copy of the target (mmap errno %d); use --spill DIR or"
                            + " --no-freeze", bytes >> 20, r.errno()));
        }
        if (warmBytes > 0) {
            LinuxLibc.warm(r.value(), warmBytes);
        }
        addresses.add(r.value());
        mapped.add(bytes);
        slices.add(LinuxLibc.nativeBuffer(r.value(), bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    private void addFileSlice(long bytes) {
        try {
            if (spill == null) {
                Path file = Files.createTempFile(spillDir.get(), "memsnap-copy-", ".pages");
                spill = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Files.delete(file); // the mapping keeps the space until memsnap exits or the buffers are collected
            }
            long at = slices.size() * SLICE_BYTES;
            ByteBuffer b = spill.map(FileChannel.MapMode.READ_WRITE, at, bytes).order(ByteOrder.LITTLE_ENDIAN);
            addresses.add(LinuxLibc.bufferAddress(b));
            mapped.add(0L);
            slices.add(b);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED,
                    "cannot use spill directory " + spillDir.get() + " for the copy of the target: " + e.getMessage(),
                    e);
        }
    }

    /** Unmaps the anonymous slices; spill file slices go with their buffers. Idempotent. */
    @Override
    public void close() {
        for (int i = 0; i < mapped.size(); i++) {
            if (mapped.get(i) > 0) {
                LinuxLibc.unmap(addresses.get(i), mapped.get(i));
                mapped.set(i, 0L);
            }
        }
        slices.clear();
        if (spill != null) {
            try {
                spill.close();
            } catch (IOException e) {
                // a deleted temporary file; nothing to lose
            }
        }
    }
}
