// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * One VMA from {@code /proc/PID/smaps} (or a core file's program headers and NT_FILE note).
 *
 * @param start first address
 * @param end address past the last byte
 * @param perms the four permission characters, e.g. {@code rw-p}
 * @param offset file offset of {@code start}
 * @param device {@code major:minor} as printed by the kernel
 * @param inode inode of the backing file, 0 for anonymous
 * @param path file path or pseudo name ({@code [heap]}, {@code [stack]}, {@code /dev/zero (deleted)}); empty for
 *     anonymous mappings
 * @param rssBytes resident bytes
 * @param pssBytes proportional set size
 * @param anonymousBytes anonymous resident bytes
 * @param swapBytes swapped out bytes
 * @param privateCleanBytes Private_Clean
 * @param privateDirtyBytes Private_Dirty
 * @param sharedCleanBytes Shared_Clean
 * @param sharedDirtyBytes Shared_Dirty
 */
public record Mapping(
        long start,
        long end,
        String perms,
        long offset,
        String device,
        long inode,
        String path,
        long rssBytes,
        long pssBytes,
        long anonymousBytes,
        long swapBytes,
        long privateCleanBytes,
        long privateDirtyBytes,
        long sharedCleanBytes,
        long sharedDirtyBytes) {

    public Mapping {
        Objects.requireNonNull(perms, "perms");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(path, "path");
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("start > end");
        }
    }

    /** Size of the address range in bytes. */
    @JsonIgnore
    public long sizeBytes() {
        return end - start;
    }

    /** True if {@code address} lies in {@code [start, end)}. */
    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** True for readable mappings. */
    @JsonIgnore
    public boolean readable() {
        return perms.charAt(0) == 'r';
    }

    /** True for writable mappings. */
    @JsonIgnore
    public boolean writable() {
        return perms.charAt(1) == 'w';
    }

    /** True for executable mappings. */
    @JsonIgnore
    public boolean executable() {
        return perms.charAt(2) == 'x';
    }

    /** True for MAP_SHARED mappings. */
    @JsonIgnore
    public boolean shared() {
        return perms.charAt(3) == 's';
    }

    /** True for private anonymous mappings (no path, or {@code [heap]}). */
    @JsonIgnore
    public boolean anonymous() {
        return inode == 0 && (path.isEmpty() || path.equals("[heap]"));
    }

    /**
     * True for names the kernel gives only to shared memory: SysV segments, memfd and /dev/shm files, shared
     * anonymous memory ({@code /dev/zero (deleted)}, {@code [anon_shmem:…]}). Core files, which do not record the
     * shared flag, use it too.
     */
    public static boolean sharedMemoryPath(String path) {
        return path.startsWith("/SYSV") || path.startsWith("/memfd:") || path.startsWith("/dev/shm/")
                || path.startsWith("[anon_shmem") || path.equals("/dev/zero (deleted)");
    }
}
