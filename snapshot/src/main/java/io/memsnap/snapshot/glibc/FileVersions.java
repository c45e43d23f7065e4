// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The glibc version banner of a libc file, remembered per file (device and inode, size, modification time): every
 * nginx worker maps the same libc, and finding the banner reads the whole file (tens of milliseconds), which a
 * frozen target should not wait for more than once. Thread-safe.
 */
final class FileVersions {
    private static final int MAX_FILE_BYTES = 32 << 20;
    private static final int MAX_FILES = 16;
    private static final Map<List<Object>, Optional<String>> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Optional<String>> eldest) {
            return size() > MAX_FILES;
        }
    };

    private FileVersions() {}

    /** The banner version in {@code file} (its first 32 MiB), from the cache when the file is unchanged. */
    static Optional<String> versionOf(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Object id = a.fileKey() != null ? a.fileKey() : file.toRealPath().toString();
        List<Object> key = List.of(id, a.size(), a.lastModifiedTime().toMillis());
        synchronized (CACHE) {
            Optional<String> known = CACHE.get(key);
            if (known != null) {
                return known;
            }
        }
        Optional<String> v;
        try (InputStream in = Files.newInputStream(file)) {
            v = GlibcVersion.find(in.readNBytes(MAX_FILE_BYTES));
        }
        synchronized (CACHE) {
            CACHE.put(key, v);
        }
        return v;
    }
}
