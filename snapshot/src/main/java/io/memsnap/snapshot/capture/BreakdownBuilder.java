// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ResidentClaim;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a process's resident bytes into categories. First every mapping's Rss goes, whole, to one base category
 * ({@link #baseCategory}); then allocator walkers' {@link ResidentClaim}s move bytes from a base category to a
 * finer one, never more than the source holds. The result sums to the mappings' Rss exactly.
 *
 * <p>Thread stacks are recognised by the threads' stack pointers: an anonymous private mapping that contains one
 * is a stack. Limits of this heuristic: a thread whose stack pointer is unknown (it was running and the target was
 * not frozen) leaves its stack under {@link Category#ANONYMOUS}; a thread running on an alternate signal stack
 * or a coroutine stack (LuaJIT does not switch C stacks, but some C libraries do) marks that mapping instead;
 * the guard page below each stack is PROT_NONE and never resident, so it does not matter where it is counted.
 * Stateless.
 */
public final class BreakdownBuilder {
    private BreakdownBuilder() {}

    /** The breakdown entries (categories with bytes, in {@link Category} order) and what went wrong. */
    public record Breakdown(List<BreakdownEntry> entries, List<String> warnings) {
        public Breakdown {
            entries = List.copyOf(entries);
            warnings = List.copyOf(warnings);
        }
    }

    /** Builds the breakdown of {@code mappings}, given thread stack pointers and walkers' claims in order. */
    public static Breakdown build(List<Mapping> mappings, List<Long> stackPointers, List<ResidentClaim> claims) {
        Map<Category, Long> bytes = new EnumMap<>(Category.class);
        for (Mapping m : mappings) {
            bytes.merge(baseCategory(m, stackPointers), m.rssBytes(), Long::sum);
        }
        List<String> warnings = new ArrayList<>();
        for (ResidentClaim c : claims) {
            long there = bytes.getOrDefault(c.from(), 0L);
            long moved = Math.min(there, c.bytes());
            if (moved < c.bytes()) {
                warnings.add(String.format(Locale.ROOT,
                        "a walker claimed %d bytes of %s as %s but only %d were there; counted %d", c.bytes(),
                        c.from().key(), c.to().key(), there, moved));
            }
            bytes.put(c.from(), there - moved);
            bytes.merge(c.to(), moved, Long::sum);
        }
        List<BreakdownEntry> entries = new ArrayList<>();
        bytes.forEach((category, n) -> {
            if (n > 0) {
                entries.add(new BreakdownEntry(category, n));
            }
        });
        return new Breakdown(entries, warnings);
    }

    /** The base category of one mapping. Pure. */
    public static Category baseCategory(Mapping m, List<Long> stackPointers) {
        String path = m.path();
        switch (path) {
            case "[vdso]", "[vvar]", "[vvar_vclock]", "[vsyscall]" -> {
                return Category.VDSO_VVAR;
            }
            case "[heap]" -> {
                return Category.HEAP;
            }
            case "[stack]" -> {
                return Category.STACKS;
            }
            default -> {
                // classified below
            }
        }
        if (sharedMemory(m)) {
            return Category.SHARED_MEMORY;
        }
        if (m.inode() != 0 && path.startsWith("/") && !path.startsWith("/dev/zero")) {
            return Category.BINARY_AND_LIBRARIES;
        }
        if (!m.shared()) {
            for (long sp : stackPointers) {
                if (m.contains(sp)) {
                    return Category.STACKS;
                }
            }
        }
        return m.shared() ? Category.SHARED_MEMORY : Category.ANONYMOUS;
    }

    /**
     * Shared memory without a regular file behind it: shared anonymous memory ({@code /dev/zero (deleted)}, how
     * nginx maps its zones), SysV segments, memfd, POSIX shm in {@code /dev/shm} and anonymous shared mappings.
     */
    static boolean sharedMemory(Mapping m) {
        String path = m.path();
        return Mapping.sharedMemoryPath(path) || m.shared() && (path.isEmpty() || path.startsWith("[anon:"));
    }
}
