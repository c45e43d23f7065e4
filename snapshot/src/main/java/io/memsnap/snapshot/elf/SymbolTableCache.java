// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Process-wide cache of symbol tables keyed by file path, size and modification time, so the many nginx workers of
 * one master (and repeated snapshots) parse libc and nginx once. Bounded LRU; thread-safe.
 */
final class SymbolTableCache {
    private static final int MAX_ENTRIES = 64;
    private static final Map<String, SymbolTable> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SymbolTable> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private SymbolTableCache() {}

    static synchronized SymbolTable get(Path file, DebugFiles debugFiles) {
        String key = key(file) + "|" + debugFiles.root();
        SymbolTable t = CACHE.get(key);
        if (t == null) {
            t = SymbolTable.read(file, debugFiles);
            CACHE.put(key, t);
        }
        return t;
    }

    private static String key(Path file) {
        try {
            return file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file.toAbsolutePath().toString();
        }
    }
}
