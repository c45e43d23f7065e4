// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.walk.HeapShare;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the GC objects of one GC64 VM: the root list ({@code gc.root}, every object but strings, open upvalues
 * and objects awaiting finalization), the interned string table, the circular {@code gc.mmudata} list and each
 * thread's open upvalues. Every object address is checked against the target's mappings and every list is
 * bounded by {@code maxObjects}; a broken link ends that list. Every size is checked before it is counted: no object
 * larger than the allocator's in-use bytes or outside readable memory, table parts only with a power-of-two hash
 * part and readable parts; an object that fails is not counted. Breaks and rejects are counted per kind and reported
 * as one warning each (never one per object), and any of them marks the walk torn. Confined to one thread.
 */
final class GcWalker {
    private static final int GCT_STRING = 4;
    private static final int GCT_UPVAL = 5;
    private static final int GCT_THREAD = 6;
    private static final int GCT_CDATA = 10;
    private static final int GCT_TABLE = 11;
    /** The mark bit of objects the collector never frees (reserved words). */
    private static final int MARK_FIXED = 0x20;
    /** Blocks below this size never come from a direct mmap (threshold 128 KiB). */
    private static final long DIRECT_MIN = 64 * 1024;

    private final TargetReader reader;
    private final VmCandidate vm;
    private final LuaJitOptions options;
    private final Set<Long> directUsers;
    private final GcTally tally;
    private final Set<Long> touched = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Long> threads = new ArrayList<>();
    private final GraphNodes nodes;
    private final Map<Integer, Long> ctypeSizes = new HashMap<>();
    private final long maxObjects;
    private long steps;
    private long stringTableBytes;
    private long sizeMismatches;
    private String firstMismatch;
    /** Breaks and implausible objects by kind ("string table", "table parts"), with the first address. */
    private final Map<String, long[]> rejects = new java.util.LinkedHashMap<>();
    private final long maxBytes;

    private GcWalker(TargetReader reader, VmCandidate vm, LuaJitOptions options, Set<Long> directUsers,
            long maxObjects) {
        this.reader = reader;
        this.maxObjects = maxObjects;
        this.maxBytes = maxObjects * 32;
        this.vm = vm;
        this.options = options;
        this.directUsers = directUsers;
        this.tally = new GcTally(options.topN());
        long room = RetentionAnalysis.room(options);
        this.nodes = new GraphNodes(RetentionAnalysis.objectsThatFit(options), bytes -> HeapShare.mayHold(bytes, room));
    }

    /**
     * Walks {@code vm}; {@code directUsers} are the user addresses of direct chunks found by the scan. At most
     * {@code maxObjects} objects are visited: every object needs a chunk of at least 32 bytes, so the caller
     * bounds this by the allocator's in-use bytes, which also ends a cyclic list quickly.
     */
    static GcWalk walk(TargetReader reader, VmCandidate vm, LuaJitOptions options, Set<Long> directUsers,
            long maxObjects) {
        GcWalker w = new GcWalker(reader, vm, options, directUsers, maxObjects);
        w.run();
        boolean torn = !w.rejects.isEmpty() || w.sizeMismatches > 0 || w.steps > maxObjects;
        return new GcWalk(w.tally, Set.copyOf(w.touched), w.stringTableBytes, List.copyOf(w.warnings), torn, w.nodes);
    }

    private void run() {
        long g = vm.global();
        try {
            walkChain("root list", reader.u64(g + VmLayout.G_GC_ROOT), 0);
            long mm = reader.u64(g + VmLayout.G_GC_MMUDATA);
            if (mm != 0) {
                // circular: mmudata points at the last element, whose nextgc is the first
                walkChain("finalizer list", reader.u64(mm), mm);
                visitIfValid("finalizer list", mm);
            }
            for (long thread : List.copyOf(threads)) {
                walkChain("open upvalues", reader.u64(thread + VmLayout.L_OPENUPVAL), 0);
            }
            walkStrings(g);
        } catch (UnreadableMemoryException e) {
            warnings.add("GC walk stopped, memory unreadable: " + e.getMessage());
        }
        rejects.forEach((kind, v) -> warnings.add(String.format(Locale.ROOT, "%,d %s could not be walked (first "
                + "at 0x%x): the heap was changing (target not frozen?) or is corrupt; they are not counted", v[0],
                kind, v[1])));
        if (sizeMismatches > 0) {
            warnings.add(sizeMismatches + " objects do not fill the allocator chunk their computed size needs, "
                    + "first " + firstMismatch + ": the object layout is not the one memsnap knows, or the heap "
                    + "changed during the walk; byte counts are unreliable");
        }
    }

    /**
     * The string table's chains point all over the heap; following them slot by slot would read a random block
     * per string. Instead the chains are followed level by level: all heads, then all second elements, and so
     * on, each level visited in address order so the reads stay sequential.
     */
    private void walkStrings(long g) {
        long tab = reader.u64(g + VmLayout.G_STR_TAB);
        long slots = reader.u32(g + VmLayout.G_STR_MASK) + 1;
        if (!reader.valid(tab, slots * 8) || slots > Integer.MAX_VALUE / 2) {
            warnings.add(String.format(Locale.ROOT, "string table 0x%x (%d slots) is not readable", tab, slots));
            return;
        }
        stringTableBytes = touch(tab, slots * 8);
        long[] level = new long[(int) Math.min(slots, 1 << 20)];
        int n = 0;
        for (long i = 0; i < slots; i++) {
            // bit 0 of a slot marks "secondary hash in use", not part of the pointer
            long head = reader.u64(tab + 8 * i) & ~1L;
            if (head != 0) {
                level = grow(level, n);
                level[n++] = head;
            }
        }
        while (n > 0) {
            BlockOrder.sort(level, n);
            int next = 0;
            for (int i = 0; i < n; i++) {
                if (!visitIfValid("string table", level[i])) {
                    if (steps > maxObjects) {
                        return;
                    }
                    continue;
                }
                long o = reader.u64(level[i]);
                if (o != 0) {
                    // the next level is written over the part of this one already visited
                    level[next++] = o;
                }
            }
            n = next;
        }
    }

    private static long[] grow(long[] a, int used) {
        return used < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }

    /** Follows nextgc from {@code o} until 0 or {@code stop}; false if the walk must end (bound reached). */
    private boolean walkChain(String list, long first, long stop) {
        long o = first;
        while (o != 0 && o != stop) {
            if (!visitIfValid(list, o)) {
                return steps < maxObjects;
            }
            o = reader.u64(o);
        }
        return true;
    }

    private boolean visitIfValid(String list, long o) {
        if (steps >= maxObjects) {
            if (steps == maxObjects) {
                warnings.add("GC walk stopped after " + steps + " objects (bound reached: a cycle or torn list, "
                        + "or raise the bound)");
                steps++;
            }
            return false;
        }
        steps++;
        int gct = (o & 7) == 0 && reader.valid(o, 16) ? reader.u8(o + 9) : -1;
        if (gct < GCT_STRING || gct >= GcTally.NAMES.length) {
            reject(list + " links", o);
            return false;
        }
        visit(o, gct);
        nodes.add(o, gct, tally.lastBytes());
        return true;
    }

    private void visit(long o, int gct) {
        switch (gct) {
            case GCT_STRING -> visitString(o);
            case GCT_TABLE -> visitTable(o);
            case GCT_THREAD -> visitThread(o);
            case GCT_UPVAL -> tally.add(gct, owned(gct, o, ObjectSizes.UPVALUE));
            case GCT_CDATA -> tally.add(gct, cdataBytes(o));
            case 7 -> tally.add(gct, owned(gct, o, touch(o, reader.u32(o + 56))));
            case 8 -> tally.add(gct, owned(gct, o, ObjectSizes.function(reader.u8(o + 10), reader.u8(o + 11))));
            case 9 -> tally.add(gct, owned(gct, o, touch(o, ObjectSizes.trace(reader.u32(o + 12),
                    reader.u32(o + 40), reader.u16(o + 10), reader.u32(o + 44)))));
            default -> tally.add(gct, owned(gct, o, touch(o, ObjectSizes.userdata(reader.u32(o + 24)))));
        }
    }

    /**
     * Checks that the allocator chunk holding the block at {@code block} fits the size this walker computed for
     * it: an independent check of every size formula and of the layout (a mismatch means the layout is not the
     * one we think). Large blocks may be direct mmaps with another header and are not checked.
     */
    private long owned(int gct, long block, long bytes) {
        if (!plausible(block, bytes)) {
            reject(GcTally.NAMES[gct] + " objects", block);
            return 0;
        }
        long chunk = reader.u64(block - 8) & ~3L;
        long need = VmScanner.chunkSize(bytes);
        // a chunk may be up to 31 bytes larger than needed: a remainder too small to split stays with it
        if (bytes < DIRECT_MIN && (chunk < need || chunk >= need + 32)) {
            if (sizeMismatches++ == 0) {
                firstMismatch = String.format(Locale.ROOT, "%s at 0x%x (computed %d bytes, chunk head 0x%x)",
                        GcTally.NAMES[gct], block, bytes, reader.u64(block - 8));
            }
        }
        return bytes;
    }

    private void visitString(long o) {
        long len = reader.u32(o + 20);
        if ((reader.u8(o + 8) & MARK_FIXED) != 0) {
            nodes.fixedString(o);
        }
        long bytes = owned(GCT_STRING, o, touch(o, ObjectSizes.string(len)));
        tally.add(GCT_STRING, bytes);
        if (tally.wantsString(bytes)) {
            Optional<String> preview = Optional.empty();
            if (options.showStrings()) {
                int n = (int) Math.min(len, options.maxStringChars());
                preview = Optional.of(escape(reader.bytes(o + 24, n)) + (n < len ? "..." : ""));
            }
            tally.string(o, len, bytes, preview);
        }
    }

    /** Counts one object or part that could not be walked, remembering the first address of its kind. */
    private void reject(String kind, long address) {
        rejects.computeIfAbsent(kind, k -> new long[] {0, address})[0]++;
    }

    /** An object of {@code bytes} at {@code address}: no larger than the allocator holds, and readable. */
    private boolean plausible(long address, long bytes) {
        return bytes >= 0 && bytes <= maxBytes && reader.valid(address, Math.max(bytes, 1));
    }

    private void visitTable(long o) {
        int colo = (byte) reader.u8(o + 11);
        long asize = reader.u32(o + 48);
        long hmask = reader.u32(o + 52);
        if (!ObjectSizes.plausibleTable(colo, asize, hmask, maxBytes)
                || asize > 0 && colo <= 0 && !plausible(reader.u64(o + 16), asize * ObjectSizes.TVALUE)
                || hmask > 0 && !plausible(reader.u64(o + 40), (hmask + 1) * ObjectSizes.NODE)) {
            reject("table parts", o);
            tally.add(GCT_TABLE, 0);
            return;
        }
        long bytes = ObjectSizes.table(colo, asize, hmask);
        owned(GCT_TABLE, o, ObjectSizes.TABLE_HEADER + (colo != 0 ? (colo & 0x7f) * (long) ObjectSizes.TVALUE : 0));
        if (asize > 0 && colo <= 0) {
            touch(reader.u64(o + 16), asize * ObjectSizes.TVALUE);
        }
        if (hmask > 0) {
            touch(reader.u64(o + 40), (hmask + 1) * ObjectSizes.NODE);
        }
        tally.add(GCT_TABLE, bytes);
        tally.table(o, colo, asize, hmask, bytes);
    }

    private void visitThread(long o) {
        long slots = reader.u32(o + VmLayout.L_STACKSIZE);
        if (!plausible(reader.u64(o + VmLayout.L_STACK), slots * ObjectSizes.TVALUE)) {
            reject("coroutine stacks", o);
            tally.add(GCT_THREAD, 0);
            return;
        }
        threads.add(o);
        touch(reader.u64(o + VmLayout.L_STACK), slots * ObjectSizes.TVALUE);
        // the main thread is embedded in GG_State, which is charged as one block when the VM is created
        int own = o == vm.state() ? vm.layout().ggStateBytes() : vm.layout().stateBytes();
        if (o != vm.state()) {
            owned(GCT_THREAD, o, own);
        }
        tally.add(GCT_THREAD, ObjectSizes.thread(own, slots));
    }

    private long cdataBytes(long o) {
        if ((reader.u8(o + 8) & 0x80) != 0) {
            // variable-length cdata: a GCcdataVar just before the object says where the block starts and its size
            long offset = reader.u16(o - 8);
            long size = reader.u16(o - 6) + reader.u32(o - 4);
            return owned(GCT_CDATA, o - offset, touch(o - offset, size));
        }
        int id = reader.u16(o + 10);
        return owned(GCT_CDATA, o, ObjectSizes.cdata(ctypeSize(id)));
    }

    /** Size of the raw C type {@code id}: attributes are skipped; types without a size count as a pointer. */
    private long ctypeSize(int id) {
        Long known = ctypeSizes.get(id);
        if (known != null) {
            return known;
        }
        long tab = reader.u64(reader.u64(vm.global() + VmLayout.G_CTYPE_STATE));
        int raw = id;
        long info = reader.u32(tab + 24L * raw);
        for (int hops = 0; (info >>> 28) == 8 && hops < 64; hops++) {
            raw = (int) (info & 0xffff);
            info = reader.u32(tab + 24L * raw);
        }
        long size = (info >>> 28) <= 5 ? reader.u32(tab + 24L * raw + 4) : 8;
        ctypeSizes.put(id, size);
        return size;
    }

    /** Notes a block of {@code bytes} at user address {@code address}; returns {@code bytes}. */
    private long touch(long address, long bytes) {
        if (bytes >= DIRECT_MIN && directUsers.contains(address)) {
            touched.add(address);
        }
        return bytes;
    }

    static String escape(byte[] raw) {
        StringBuilder sb = new StringBuilder(raw.length);
        for (byte b : raw) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
