// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.target.ProcessImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names the owner of each pool from the strongest evidence there is: reachability from {@code ngx_cycle}, then a
 * cleanup handler's symbol, then a reference from a file's writable data, then the file a nameless cleanup handler
 * lies in, then the pool size as a hint; {@code unattributed} otherwise. The detail lists every piece of evidence
 * that agrees with the owner, strongest first. Confined to one thread.
 */
final class Attributor {
    static final String UNATTRIBUTED = "unattributed";
    private static final Clue NOTHING = new Clue(UNATTRIBUTED, Evidence.NONE, "nothing points at it");

    private final ProcessImage image;
    private final Symbolizer symbols;
    private final String exeName;
    private final Map<Long, CycleRoots.Root> roots;
    /** The reached pools' addresses, sorted: most pools are not among them, which this says without boxing. */
    private final long[] rooted;
    /** The previous pool's attribution and what it depended on: pools of one creator lie side by side. */
    private Attribution last;
    private int lastIndex;
    private DataReferences.Reference lastReference;
    /** Per handler address: its description and clue (pools of one creator share their handlers). */
    private final Map<Long, String> handlerNames = new HashMap<>();
    private final Map<Long, Optional<Clue>> handlerClues = new HashMap<>();
    private final Map<DataReferences.Reference, Clue> referenceClues = new HashMap<>();
    private final Map<Long, Optional<Clue>> sizeClues = new HashMap<>();
    private final Map<List<Clue>, String> details = new HashMap<>();

    Attributor(ProcessImage image, Symbolizer symbols, String exeName, Map<Long, CycleRoots.Root> roots) {
        this.image = image;
        this.symbols = symbols;
        this.exeName = exeName;
        this.roots = roots;
        this.rooted = roots.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    }

    /** A piece of evidence: the owner it names, its kind and words. */
    private record Clue(String owner, Evidence evidence, String words) {}

    /** Who owns a pool, by which evidence, and its cleanup handlers described. */
    record Attribution(List<String> handlerNames, String owner, Evidence evidence, String detail) {
        NginxPool pool(PoolTable t, int i) {
            return new NginxPool(t.address(i), t.sizeBytes(i), t.blocks(i), t.glibcBytes(i), t.usedBytes(i),
                    t.unusedBytes(i), t.largeBlocks(i), t.largeBytes(i), handlerNames, owner, evidence, detail);
        }
    }

    /** The owner of pool {@code i} of {@code t}, which {@code ref} (or null) references from static data. */
    Attribution attribute(PoolTable t, int i, DataReferences.Reference ref) {
        CycleRoots.Root root = Arrays.binarySearch(rooted, t.address(i)) < 0 ? null : roots.get(t.address(i));
        if (root == null && last != null && ref == lastReference && t.sizeBytes(i) == t.sizeBytes(lastIndex)
                && t.sameHandlers(i, lastIndex)) {
            return last;
        }
        Attribution a = attribute(t, i, root, ref);
        if (root == null) {
            last = a;
            lastIndex = i;
            lastReference = ref;
        }
        return a;
    }

    private Attribution attribute(PoolTable t, int i, CycleRoots.Root root, DataReferences.Reference ref) {
        List<Clue> clues = new ArrayList<>();
        if (root != null) {
            clues.add(new Clue(root.owner(), Evidence.REACHABILITY, root.detail()));
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < t.handlerCount(i); k++) {
            long h = t.handler(i, k);
            names.add(handlerNames.computeIfAbsent(h, symbols::describe));
            handlerClues.computeIfAbsent(h, this::handlerClue).ifPresent(clues::add);
        }
        if (ref != null) {
            clues.add(referenceClues.computeIfAbsent(ref, x -> new Clue(owner(x.file()), Evidence.DATA_REFERENCE,
                    "referenced from the " + (x.bss() ? ".bss" : ".data") + " of " + x.file())));
        }
        sizeClues.computeIfAbsent(t.sizeBytes(i), size -> SizeHints.hint(size).map(h -> new Clue(h, Evidence.SIZE_HINT,
                "pool size " + size + " (a hint, not proof)"))).ifPresent(clues::add);
        if (clues.isEmpty()) {
            return new Attribution(List.copyOf(names), NOTHING.owner(), NOTHING.evidence(), NOTHING.words());
        }
        clues.sort((a, b) -> a.evidence().compareTo(b.evidence()));
        // pools of one creator have the same clues: their detail is joined once
        Clue best = clues.get(0);
        return new Attribution(List.copyOf(names), best.owner(), best.evidence(),
                details.computeIfAbsent(clues, Attributor::agreeing));
    }

    /** The words of every clue naming the strongest clue's owner, strongest first, each once. */
    private static String agreeing(List<Clue> sorted) {
        List<String> words = new ArrayList<>();
        for (Clue c : sorted) {
            if (c.owner().equals(sorted.get(0).owner()) && !words.contains(c.words())) {
                words.add(c.words());
            }
        }
        return String.join("; ", words);
    }

    private Optional<Clue> handlerClue(long handler) {
        Optional<Mapping> m = image.mappingAt(handler);
        if (m.isEmpty() || !m.get().path().startsWith("/") || !m.get().executable()) {
            return Optional.empty();
        }
        String file = baseName(m.get().path());
        String described = handlerNames.computeIfAbsent(handler, symbols::describe);
        int plus = described.indexOf("+0x");
        boolean named = plus > 0 && described.endsWith("(" + file + ")");
        if (named) {
            String symbol = described.substring(0, plus);
            String owner = file.equals(exeName) ? "nginx: " + symbol : owner(file);
            return Optional.of(new Clue(owner, Evidence.CLEANUP_HANDLER, "cleanup " + symbol));
        }
        return Optional.of(new Clue(owner(file), Evidence.CLEANUP_MODULE,
                "cleanup handler in " + file + " (no symbol)"));
    }

    /** The owner a file names: a module's file name without {@code .so}; {@code nginx} for the executable. */
    private String owner(String file) {
        if (file.equals(exeName)) {
            return "nginx";
        }
        return file.endsWith(".so") ? file.substring(0, file.length() - 3) : file;
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
