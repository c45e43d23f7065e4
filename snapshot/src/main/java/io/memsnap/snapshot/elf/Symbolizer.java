// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Mapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Symbols of every ELF module mapped in a process (live or core), in runtime addresses. Each module's load bias is the
 * start of its mapping with file offset 0 minus its lowest PT_LOAD vaddr (aligned). Symbol tables are read lazily
 * and cached per file ({@link SymbolTableCache}). Modules whose file is unreadable or not ELF are skipped with a
 * warning. It takes the process's mappings and a way to open the file behind a mapping (a {@code ProcessImage}
 * gives both: {@code Symbolizer.of(image.mappings(), image::file)}). Confined to one thread.
 */
public final class Symbolizer {
    private final List<Mapping> mappings;
    private final DebugFiles debugFiles;
    private final Map<String, Module> modules;
    private final Map<String, Optional<SymbolTable>> tables = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private Symbolizer(List<Mapping> mappings, DebugFiles debugFiles, Map<String, Module> modules) {
        this.mappings = List.copyOf(mappings);
        this.debugFiles = debugFiles;
        this.modules = modules;
    }

    /** A symbolizer over {@code mappings} that looks for debug files under {@code /usr/lib/debug}. */
    public static Symbolizer of(List<Mapping> mappings, Function<Mapping, Optional<Path>> files) {
        return of(mappings, files, DebugFiles.standard());
    }

    /**
     * A symbolizer over {@code mappings} using {@code debugFiles}; {@code files} opens the file behind a mapping as
     * the target sees it, empty if unreadable.
     */
    public static Symbolizer of(List<Mapping> mappings, Function<Mapping, Optional<Path>> files,
            DebugFiles debugFiles) {
        Map<String, Module> modules = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            if (m.offset() == 0 && m.path().startsWith("/") && !modules.containsKey(m.path())) {
                modules.put(m.path(), new Module(m.path(), m.start(), files.apply(m)));
            }
        }
        return new Symbolizer(mappings, debugFiles, modules);
    }

    /** One mapped ELF file: its path in the target, the start of its offset-0 mapping, the readable file. */
    public record Module(String path, long baseAddress, Optional<Path> file) {
        /** The file name without directories. */
        public String baseName() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? path : path.substring(slash + 1);
        }
    }

    /** Modules in address order of their first mapping. */
    public List<Module> modules() {
        return List.copyOf(modules.values());
    }

    /** The runtime address of {@code name} in the first module (in address order) that defines it. */
    public Optional<Long> address(String name) {
        for (Module m : modules.values()) {
            Optional<Long> a = address(m, name);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    /** The runtime address of {@code name} in the module whose path ends with {@code "/" + baseName}. */
    public Optional<Long> address(String baseName, String name) {
        for (Module m : modules.values()) {
            if (m.baseName().equals(baseName)) {
                return address(m, name);
            }
        }
        return Optional.empty();
    }

    private Optional<Long> address(Module m, String name) {
        Optional<Bias> bias = bias(m);
        return bias.flatMap(b -> b.table.address(name).map(v -> v + b.bias));
    }

    /** {@code symbol+0xoff (module)}, {@code module+0xoff} or the bare hex address if nothing is known. */
    public String describe(long address) {
        for (Module m : modules.values()) {
            Optional<Bias> bias = bias(m);
            long linkTime = address - bias.map(b -> b.bias).orElse(0L);
            // .bss past the last file page sits in an anonymous mapping, so test the ELF's extent, not the mapping
            boolean inside = bias.isPresent() ? Long.compareUnsigned(address, m.baseAddress()) >= 0
                    && Long.compareUnsigned(linkTime, bias.get().table.loadEnd()) < 0
                    : mappings.stream().anyMatch(x -> x.contains(address) && x.path().equals(m.path()));
            if (!inside) {
                continue;
            }
            Optional<SymbolTable.Hit> hit = bias.flatMap(b -> b.table.at(linkTime));
            if (hit.isPresent()) {
                return String.format(Locale.ROOT, "%s+0x%x (%s)", hit.get().name(), hit.get().offset(), m.baseName());
            }
            return String.format(Locale.ROOT, "%s+0x%x", m.baseName(), address - m.baseAddress());
        }
        return String.format(Locale.ROOT, "0x%x", address);
    }

    /** The load bias of {@code module} (runtime minus link-time address), if its file could be read. */
    public Optional<Long> loadBias(Module module) {
        return bias(module).map(b -> b.bias);
    }

    /** Modules that could not be symbolized and why. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private record Bias(SymbolTable table, long bias) {}

    private Optional<Bias> bias(Module m) {
        Optional<SymbolTable> t = tables.computeIfAbsent(m.path(), k -> load(m));
        if (t.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Bias(t.get(), m.baseAddress() - t.get().minLoadVaddr()));
    }

    private Optional<SymbolTable> load(Module m) {
        if (m.file().isEmpty()) {
            warnings.add("no readable file for " + m.path() + "; its symbols are unknown");
            return Optional.empty();
        }
        try {
            return Optional.of(SymbolTableCache.get(m.file().get(), debugFiles));
        } catch (MemsnapException e) {
            warnings.add("cannot read symbols of " + m.path() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
