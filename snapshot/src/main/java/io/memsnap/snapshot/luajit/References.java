// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;


/**
 * Reads the references one GC object holds (GC64 layouts, lj_obj.h / lj_jit.h / lj_gc.c), exactly those the
 * collector marks: table array and hash parts (weak halves skipped, except strings, which are never weak), metatables
 * and environments, a closure's
 * prototype and upvalues, a prototype's collectable constants and chunk name, an upvalue's value, a thread's live
 * stack slots, a trace's start prototype and IR constants. Every array is bounded and checked against the target's
 * mappings first. Pure reads through the {@link TargetReader}; confined to its thread.
 */
final class References {
    /** What kind of slot a reference sits in; {@code detail} in {@link Sink#ref} refines it. */
    enum Kind { ARRAY, HASH_VALUE, HASH_KEY, METATABLE, ENV, PROTO, UPVALUE, C_UPVALUE, CONSTANT, CHUNKNAME, VALUE,
        STACK, TRACE }

    /** Receives each reference: the target object, the slot kind and a detail (index, node or slot address). */
    interface Sink {
        void ref(long target, Kind kind, long detail);
    }

    static final long ADDRESS_MASK = (1L << 47) - 1;
    /** sizeof(GCproto): a Lua closure's pc points just past it. */
    static final int PROTO_BYTES = 104;
    static final int PROTO_K = 32;
    static final int PROTO_SIZEKGC = 48;
    static final int PROTO_SIZEUV = 60;
    static final int PROTO_CHUNKNAME = 64;
    static final int PROTO_FIRSTLINE = 72;
    static final int PROTO_UVINFO = 88;
    static final int FUNC_FFID = 10;
    static final int FUNC_NUPVALUES = 11;
    static final int FUNC_ENV = 16;
    static final int FUNC_PC = 32;
    static final int FUNC_UPVALUES = 40;
    static final int CFUNC_UPVALUES = 48;
    static final int TAB_ARRAY = 16;
    static final int TAB_METATABLE = 32;
    static final int TAB_NODE = 40;
    static final int TAB_ASIZE = 48;
    static final int TAB_HMASK = 52;
    static final int UV_V = 32;
    static final int TH_TOP = 40;
    static final int TH_ENV = 72;
    private static final long NIL = -1L;
    private static final int MARK_WEAKKEY = 0x08;
    private static final int MARK_WEAKVAL = 0x10;
    private static final int IR_KGC = 24;
    private static final int IR_KNULL = 27;
    /** IRT_IS64 for GC64: NUM, I64, U64, P64, LIGHTUD, the GC types and NIL take two IR slots as constants. */
    private static final int IRT_IS64 = (1 << 14) | (1 << 21) | (1 << 22) | (1 << 9) | (1 << 3) | (1 << 4) | (1 << 6)
            | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | 1;
    private static final int REF_BIAS = 0x8000;
    /** LJ_MAX_ASIZE and a hash part of 2^26 nodes (LJ_MAX_HBITS): larger sizes are not a table. */
    private static final long MAX_ASIZE = (1L << 27) + 1;
    private static final long MAX_HSLOTS = 1L << 26;
    /** LJ_STACK_MAX plus the extra slots: a bigger stack is not a thread. */
    private static final long MAX_STACK_SLOTS = 65500 + 5 + 8 + 2 * 20;

    private final TargetReader reader;
    private final HashRefs hashRefs = new HashRefs();

    References(TargetReader reader) {
        this.reader = reader;
    }

    /** The object a TValue holds, or 0 if it holds no GC object (nil, boolean, number, light userdata). */
    static long gcValue(long tvalue) {
        int gct = ~(int) (tvalue >> 47);
        return gct >= 4 && gct <= 12 && gct != 5 && gct != 9 ? tvalue & ADDRESS_MASK : 0;
    }

    /** Strings are values, never cleared from weak tables: the collector marks them in weak slots too. */
    static boolean isString(long tvalue) {
        return ~(int) (tvalue >> 47) == 4;
    }

    /** Sends every reference of the object of type {@code gct} at {@code o} to {@code sink}. */
    void visit(int gct, long o, Sink sink) {
        switch (gct) {
            case 5 -> upvalue(o, sink);
            case 6 -> thread(o, sink);
            case 7 -> proto(o, sink);
            case 8 -> function(o, sink);
            case 9 -> trace(o, sink);
            case 11 -> table(o, sink);
            case 12 -> {
                gcref(reader.u64(o + FUNC_ENV), Kind.ENV, sink);
                gcref(reader.u64(o + TAB_METATABLE), Kind.METATABLE, sink);
            }
            default -> { } // strings and cdata hold no references
        }
    }

    /** An upvalue's value: a closed one holds it inside itself, read from the same view as its pointer. */
    private void upvalue(long o, Sink sink) {
        int off = reader.view(o, UV_V + 8);
        byte[] data = reader.viewData();
        long slot = u64(data, off + UV_V);
        if (slot >= o && slot + 8 <= o + UV_V + 8) {
            long target = gcValue(u64(data, off + (int) (slot - o)));
            if (target != 0) {
                sink.ref(target, Kind.VALUE, 0);
            }
        } else {
            value(slot, Kind.VALUE, 0, sink);
        }
    }

    private static long u64(byte[] data, int off) {
        return (long) TargetReader.LONGS.get(data, off);
    }

    private void value(long slot, Kind kind, long detail, Sink sink) {
        if (reader.inView(slot, 8) || reader.validNearLast(slot, 8)) {
            long target = gcValue(reader.u64(slot));
            if (target != 0) {
                sink.ref(target, kind, detail);
            }
        }
    }

    private static void gcref(long target, Kind kind, Sink sink) {
        if (target != 0) {
            sink.ref(target & ADDRESS_MASK, kind, 0);
        }
    }

    private void table(long o, Sink sink) {
        // the whole header in one view: the hash part's size and nodes are taken here, not read again
        int off = reader.view(o, TAB_HMASK + 4);
        byte[] data = reader.viewData();
        int marked = data[off + 8] & 0xff;
        gcref(u64(data, off + TAB_METATABLE), Kind.METATABLE, sink);
        long sizes = u64(data, off + TAB_ASIZE);
        long asize = sizes & 0xffffffffL;
        long hmask = sizes >>> 32;
        long array = u64(data, off + TAB_ARRAY);
        long node = u64(data, off + TAB_NODE);
        boolean weakKeys = (marked & MARK_WEAKKEY) != 0;
        boolean weakValues = (marked & MARK_WEAKVAL) != 0;
        if (asize > 0 && asize <= MAX_ASIZE && reader.validNearLast(array, asize * 8)) {
            // read in views of up to a block (no address check per slot), each ending at a block boundary
            for (long i = 0; i < asize;) {
                long at = array + 8 * i;
                int slots = TargetReader.inBlock(at, asize - i, 8);
                int from = reader.view(at, slots * 8);
                byte[] slotData = reader.viewData();
                for (int k = 0; k < slots; k++, i++) {
                    long v = u64(slotData, from + 8 * k);
                    long target = gcValue(v);
                    if (target != 0 && (!weakValues || isString(v))) {
                        sink.ref(target, Kind.ARRAY, i);
                    }
                }
            }
        }
        hashRefs.sink = sink;
        hashRefs.weakKeys = weakKeys;
        hashRefs.weakValues = weakValues;
        hashNodes(reader, node, hmask, MAX_HSLOTS, hashRefs);
    }

    /** The references of hash nodes; one reused instance (no allocation per table: the JIT may not remove it). */
    private static final class HashRefs implements NodeVisitor {
        private Sink sink;
        private boolean weakKeys;
        private boolean weakValues;

        @Override
        public boolean node(long n, long k, long v) {
            long value = gcValue(v);
            if (value != 0 && (!weakValues || isString(v))) {
                sink.ref(value, Kind.HASH_VALUE, n);
            }
            // a key whose value is nil is dead: the collector does not mark it and it may point at a freed object
            long key = v != NIL ? gcValue(k) : 0;
            if (key != 0 && (!weakKeys || isString(k))) {
                sink.ref(key, Kind.HASH_KEY, n);
            }
            return true;
        }
    }

    /** One node of a table's hash part: its address, key and value (TValues); false ends the scan. */
    interface NodeVisitor {
        boolean node(long node, long key, long value);
    }

    /**
     * The one scan of a table's hash part: the first {@code limit} nodes (of {@code hmask + 1}) of the table at
     * {@code table}, if it has a hash part that is not too big for a table and lies in readable memory; free nodes
     * (nil value) included, their keys are dead.
     */
    static void hashPart(TargetReader reader, long table, long limit, NodeVisitor visitor) {
        hashNodes(reader, reader.u64(table + TAB_NODE), reader.u32(table + TAB_HMASK), limit, visitor);
    }

    /** {@link #hashPart} of a table whose {@code node} and {@code hmask} the caller has read. */
    private static void hashNodes(TargetReader reader, long node, long hmask, long limit, NodeVisitor visitor) {
        long slots = Math.min(hmask + 1, limit);
        if (hmask == 0 || hmask >= MAX_HSLOTS || !reader.validNearLast(node, slots * 24)) {
            return;
        }
        // read in views of up to a block (no address check per node), each ending at the last whole node in it
        for (long i = 0; i < slots;) {
            long at = node + 24 * i;
            int nodes = TargetReader.inBlock(at, slots - i, 24);
            int off = reader.view(at, nodes * 24);
            byte[] data = reader.viewData();
            for (int k = 0; k < nodes; k++, i++) {
                int o = off + 24 * k;
                // the visitor may read (and move the view): the node's values are taken first
                if (!visitor.node(at + 24L * k, u64(data, o + 8), u64(data, o))) {
                    return;
                }
            }
        }
    }

    private void function(long o, Sink sink) {
        // a Lua closure's header and upvalue pointers in one view (a million closures on the bench heap)
        int n = reader.u8(o + FUNC_NUPVALUES);
        boolean lua = reader.u8(o + FUNC_FFID) == 0;
        int off = reader.view(o, lua ? FUNC_UPVALUES + 8 * n : FUNC_PC);
        byte[] data = reader.viewData();
        gcref(u64(data, off + FUNC_ENV), Kind.ENV, sink);
        if (lua) {
            long pc = u64(data, off + FUNC_PC);
            if (pc != 0) {
                sink.ref((pc - PROTO_BYTES) & ADDRESS_MASK, Kind.PROTO, 0);
            }
            for (int i = 0; i < n; i++) {
                long uv = u64(data, off + FUNC_UPVALUES + 8 * i);
                if (uv != 0) {
                    sink.ref(uv & ADDRESS_MASK, Kind.UPVALUE, i);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                value(o + CFUNC_UPVALUES + 8L * i, Kind.C_UPVALUE, i, sink);
            }
        }
    }

    private void proto(long o, Sink sink) {
        gcref(reader.u64(o + PROTO_CHUNKNAME), Kind.CHUNKNAME, sink);
        long k = reader.u64(o + PROTO_K);
        long n = reader.u32(o + PROTO_SIZEKGC);
        if (n > 0 && n < (1 << 24) && reader.valid(k - 8 * n, 8 * n)) {
            for (long i = 1; i <= n; i++) {
                gcref(reader.u64(k - 8 * i), Kind.CONSTANT, sink);
            }
        }
    }

    private void thread(long o, Sink sink) {
        gcref(reader.u64(o + TH_ENV), Kind.ENV, sink);
        long stack = reader.u64(o + VmLayout.L_STACK);
        long top = reader.u64(o + TH_TOP);
        long slots = (top - stack) / 8;
        if (slots <= 2 || slots > MAX_STACK_SLOTS || !reader.valid(stack, slots * 8)) {
            return;
        }
        // slot 0 holds the thread itself and slot 1 a dummy frame link (two-slot frames): the collector skips both
        for (long s = stack + 16; s < top; s += 8) {
            long target = gcValue(reader.u64(s));
            if (target != 0) {
                sink.ref(target, Kind.STACK, s);
            }
        }
    }

    private void trace(long o, Sink sink) {
        gcref(reader.u64(o + 64), Kind.TRACE, sink);
        long ir = reader.u64(o + 32);
        long nk = reader.u32(o + 40);
        if (nk >= REF_BIAS || !reader.valid(ir + 8 * nk, 8 * (REF_BIAS - nk))) {
            return;
        }
        for (long ref = nk; ref < REF_BIAS - 3; ref++) {
            long ins = ir + 8 * ref;
            int t = reader.u8(ins + 4) & 0x1f;
            int op = reader.u8(ins + 5);
            if (op == IR_KGC) {
                gcref(reader.u64(ins + 8), Kind.CONSTANT, sink);
            }
            if (((IRT_IS64 >>> t) & 1) != 0 && op != IR_KNULL) {
                ref++;
            }
        }
    }
}
