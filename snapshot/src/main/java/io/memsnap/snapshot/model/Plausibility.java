// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The invariants every number of a snapshot meets, whatever produced it (a live walk, a core file, a saved file):
 * no byte count beyond the x86-64 user address space, parts never larger than their whole (so no share passes
 * 100%), the breakdown summing to Rss. A walker whose section breaks them marks its layer torn ({@link #TORN}); the
 * codec refuses a file that breaks them. Pure.
 */
public final class Plausibility {
    /**
     * The process warning a capture puts first when a layer was read while it changed (a running target read with
     * --no-freeze); reports show it first. Walkers add this one; the capture rewords it for the other modes.
     */
    public static final String TORN = "the target was changing while it was read: rerun without --no-freeze";
    /** {@link #TORN} worded for a frozen capture whose every copy stopped the target in the middle of an update. */
    public static final String TORN_FROZEN = "each frozen copy stopped the target in the middle of an update, so its "
            + "objects are not reported: rerun to copy it at another moment";
    /** {@link #TORN} worded for a core file (or other saved image), which cannot be read again. */
    public static final String TORN_CORE = "the image was written while the target was changing, or is corrupt, so "
            + "its objects are not reported: use another core, or capture the running process";
    private static final List<String> TORN_SENTENCES = List.of(TORN, TORN_FROZEN, TORN_CORE);
    /** More than any x86-64 process can map (128 TiB of user address space). */
    public static final long MAX_BYTES = 1L << 47;

    private Plausibility() {}

    /** True if a layer of {@code p} was torn (its findings were dropped). */
    public static boolean torn(ProcessSnapshot p) {
        return tornSentence(p).isPresent();
    }

    /** The torn-layer sentence among {@code p}'s warnings ({@link #TORN} or its wording for the mode), if any. */
    public static Optional<String> tornSentence(ProcessSnapshot p) {
        return p.warnings().stream().filter(TORN_SENTENCES::contains).findFirst();
    }

    /** Every invariant {@code s} breaks, in plain words naming the process and the field; empty if none. */
    public static List<String> violations(Snapshot s) {
        List<String> out = new ArrayList<>();
        for (ProcessSnapshot p : s.processes()) {
            out.addAll(violations(p));
        }
        return out;
    }

    /** Every invariant {@code p} breaks. */
    public static List<String> violations(ProcessSnapshot p) {
        List<String> out = new ArrayList<>();
        String who = "pid " + p.pid();
        bytes(out, who + " rss_bytes", p.rssBytes());
        long sum = 0;
        for (BreakdownEntry e : p.breakdown()) {
            bytes(out, who + " breakdown " + e.category(), e.bytes());
            sum += Math.min(e.bytes(), MAX_BYTES);
        }
        if (!p.breakdown().isEmpty() && sum != p.rssBytes()) {
            out.add(String.format(Locale.ROOT, "%s: breakdown sums to %d bytes, not rss_bytes %d", who, sum,
                    p.rssBytes()));
        }
        for (Mapping m : p.mappings()) {
            bytes(out, String.format(Locale.ROOT, "%s mapping 0x%x rss", who, m.start()), m.rssBytes());
        }
        p.glibc().ifPresent(g -> out.addAll(violations(who, g)));
        p.luajit().ifPresent(l -> out.addAll(violations(who, l)));
        // resident bytes against rss_bytes are not checked here: a running target's pages come and go between the
        // two reads; the views refuse a share of RSS past 100% instead (Shares.ofRss)
        p.nginx().ifPresent(n -> out.addAll(violations(who, n)));
        return out;
    }

    /** Invariants of one layer's section (none known for other section types). */
    public static List<String> violations(String who, LayerSection section) {
        if (section instanceof GlibcHeap g) {
            return violations(who, g);
        }
        if (section instanceof LuaJitHeap l) {
            return violations(who, l);
        }
        if (section instanceof NginxSection n) {
            return violations(who, n);
        }
        return List.of();
    }

    /** Invariants of a LuaJIT section: every part within the GC heap, used within the allocator's footprint. */
    public static List<String> violations(String who, LuaJitHeap l) {
        List<String> out = new ArrayList<>();
        bytes(out, who + " luajit gc_total", l.gcTotalBytes());
        bytes(out, who + " luajit object_bytes", l.objectBytes());
        long sum = 0;
        for (GcObjectType t : l.objects()) {
            bytes(out, who + " luajit " + t.type(), t.bytes());
            sum += Math.min(t.bytes(), MAX_BYTES);
        }
        part(out, who + " luajit objects", sum, "object_bytes", l.objectBytes());
        if (l.objectBytes() > 0) {
            part(out, who + " luajit object_bytes + string table", l.objectBytes() + l.stringTableBytes(),
                    "gc_total", l.gcTotalBytes());
        }
        for (LuaJitTable t : l.biggestTables()) {
            part(out, String.format(Locale.ROOT, "%s luajit table 0x%x", who, t.address()), t.bytes(),
                    "object_bytes", l.objectBytes());
        }
        part(out, who + " luajit table parts", l.tables().arrayBytes() + l.tables().hashBytes(), "object_bytes",
                l.objectBytes());
        bytes(out, who + " luajit allocator used", l.allocator().usedBytes());
        part(out, who + " luajit allocator used", l.allocator().usedBytes(), "footprint",
                l.allocator().footprintBytes());
        return out;
    }

    /**
     * Invariants of an nginx section: resident bytes within the pools' bytes, every owner's within its own and
     * within the total (a share of RSS is only ever made from resident bytes, so this keeps it at most 100%).
     */
    public static List<String> violations(String who, NginxSection n) {
        List<String> out = new ArrayList<>();
        Optional<Long> total = n.pools().residentBytes();
        total.ifPresent(r -> {
            bytes(out, who + " nginx pools resident", r);
            part(out, who + " nginx pools resident", r, "pool bytes", n.pools().bytes());
        });
        for (PoolOwner o : n.owners()) {
            o.residentBytes().ifPresent(r -> {
                bytes(out, who + " nginx owner " + o.owner() + " resident", r);
                part(out, who + " nginx owner " + o.owner() + " resident", r, "its bytes", o.bytes());
                total.ifPresent(t -> part(out, who + " nginx owner " + o.owner() + " resident", r, "pools resident", t));
            });
        }
        return out;
    }

    /** Invariants of a glibc section: in use plus free within each arena's system bytes. */
    public static List<String> violations(String who, GlibcHeap g) {
        List<String> out = new ArrayList<>();
        for (GlibcArena a : g.arenas()) {
            String arena = String.format(Locale.ROOT, "%s glibc arena 0x%x", who, a.address());
            bytes(out, arena + " system", a.systemBytes());
            bytes(out, arena + " in use", a.inUseBytes());
            bytes(out, arena + " free", a.freeBytes());
            part(out, arena + " in use + free", a.inUseBytes() + a.freeBytes(), "system", a.systemBytes());
        }
        return out;
    }

    private static void bytes(List<String> out, String what, long value) {
        if (value < 0 || value > MAX_BYTES) {
            out.add(what + " = " + value + " bytes is impossible");
        }
    }

    private static void part(List<String> out, String what, long part, String whole, long wholeValue) {
        if (part > wholeValue && part <= MAX_BYTES * 4) {
            out.add(String.format(Locale.ROOT, "%s (%d bytes) exceed %s (%d bytes)", what, part, whole, wholeValue));
        }
    }
}
