// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged symbols of one ELF file ({@code .dynsym}, {@code .symtab} and the separate debug file's
 * {@code .symtab}) in link-time addresses: lookup by name, and by address through binary search over the sorted
 * starts. Immutable and thread-safe once built.
 */
public final class SymbolTable {
    private final long[] starts;
    private final long[] sizes;
    private final String[] names;
    private final Map<String, Long> byName;
    private final long minLoadVaddr;
    private final long loadEnd;

    private SymbolTable(List<ElfSymbol> sorted, Map<String, Long> byName, long minLoadVaddr, long loadEnd) {
        int n = sorted.size();
        this.starts = new long[n];
        this.sizes = new long[n];
        this.names = new String[n];
        for (int i = 0; i < n; i++) {
            starts[i] = sorted.get(i).value();
            sizes[i] = sorted.get(i).sizeBytes();
            names[i] = sorted.get(i).name();
        }
        this.byName = Map.copyOf(byName);
        this.minLoadVaddr = minLoadVaddr;
        this.loadEnd = loadEnd;
    }

    /**
     * Reads the symbols of the ELF file at {@code path}, merged with its debug file if {@code debugFiles} finds one.
     */
    public static SymbolTable read(Path path, DebugFiles debugFiles) {
        List<ElfSymbol> all = new ArrayList<>();
        Optional<Path> debug;
        long min;
        long end;
        try (ElfFile elf = ElfFile.open(path)) {
            min = elf.minLoadVaddr();
            end = elf.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD)
                    .mapToLong(p -> p.vaddr() + p.memSizeBytes()).max().orElse(min);
            all.addAll(elf.dynamicSymbols());
            all.addAll(elf.symbols());
            debug = debugFiles.find(elf, path);
        }
        if (debug.isPresent()) {
            try (ElfFile d = ElfFile.open(debug.get())) {
                all.addAll(d.symbols());
            }
        }
        return of(all, min, end);
    }

    /** Builds a table from symbols in priority order (earlier wins for equal names). Pure. */
    static SymbolTable of(List<ElfSymbol> symbols, long minLoadVaddr, long loadEnd) {
        Map<String, ElfSymbol> named = new HashMap<>();
        Map<Long, ElfSymbol> atAddress = new HashMap<>();
        for (ElfSymbol s : symbols) {
            if (!s.definedAddress()) {
                continue;
            }
            String name = stripVersion(s.name());
            ElfSymbol plain = new ElfSymbol(name, s.value(), s.sizeBytes(), s.type(), s.bind(), s.sectionIndex());
            named.merge(name, plain, SymbolTable::better);
            atAddress.merge(s.value(), plain, SymbolTable::better);
        }
        List<ElfSymbol> sorted = new ArrayList<>(atAddress.values());
        sorted.sort(Comparator.comparingLong(ElfSymbol::value));
        Map<String, Long> byName = new HashMap<>();
        named.forEach((k, v) -> byName.put(k, v.value()));
        return new SymbolTable(sorted, byName, minLoadVaddr, loadEnd);
    }

    /** Global beats local/weak, sized beats unsized; otherwise the earlier (higher-priority) one stays. */
    private static ElfSymbol better(ElfSymbol a, ElfSymbol b) {
        int ra = (a.bind() == 1 ? 2 : 0) + (a.sizeBytes() > 0 ? 1 : 0);
        int rb = (b.bind() == 1 ? 2 : 0) + (b.sizeBytes() > 0 ? 1 : 0);
        return rb > ra ? b : a;
    }

    private static String stripVersion(String name) {
        int at = name.indexOf('@');
        return at > 0 ? name.substring(0, at) : name;
    }

    /** Link-time address of {@code name}. */
    public Optional<Long> address(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The symbol covering link-time address {@code vaddr}: the last symbol starting at or below it, provided the
     * address is inside its size (or the symbol has no size).
     */
    public Optional<Hit> at(long vaddr) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], vaddr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || sizes[found] > 0 && vaddr - starts[found] >= sizes[found]) {
            return Optional.empty();
        }
        return Optional.of(new Hit(names[found], vaddr - starts[found]));
    }

    /** The file's lowest PT_LOAD vaddr (aligned): subtract it from the offset-0 mapping start for the load bias. */
    public long minLoadVaddr() {
        return minLoadVaddr;
    }

    /** End of the highest PT_LOAD ({@code p_vaddr + p_memsz}, link-time), covering .bss. */
    public long loadEnd() {
        return loadEnd;
    }

    /** Number of distinct symbol addresses. */
    public int size() {
        return starts.length;
    }

    /** A symbol and the offset of the looked-up address from its start. */
    public record Hit(String name, long offset) {}
}
