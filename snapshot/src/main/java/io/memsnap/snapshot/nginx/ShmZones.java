// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.nginx.ShmZone;
import io.memsnap.snapshot.model.nginx.SlabClass;
import io.memsnap.snapshot.target.ProcessImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code ngx_cycle->shared_memory} (an {@code ngx_list_t} of {@code ngx_shm_zone_t}): each zone's name,
 * size, owner module, its slab pool (valid when {@code shpool->addr == shm.addr}, {@code end == addr + size} and
 * {@code min_shift == 3}) with pages used/free and per-slot-size stats, the {@code log_ctx} text naming its purpose,
 * and for a {@code lua_shared_dict} its entries ({@link DictWalker}). Each zone's resident bytes (pagemap) are claimed
 * from shared memory as its own {@code nginx_shm} breakdown entry, labelled with the zone name. Bounded: at most {@link #MAX_ZONES} zones. Confined to one thread.
 */
final class ShmZones {
    static final int MAX_ZONES = 4096;
    private static final long PAGE = 4096;

    /** The zones in list order, and the resident-byte claims for them. */
    record Result(List<ShmZone> zones, List<ResidentClaim> claims) {}

    private ShmZones() {}

    static Result read(ProcessImage image, long cycle, Symbolizer symbols, NginxOptions options,
            List<String> warnings) {
        Memory memory = image.memory();
        List<ShmZone> zones = new ArrayList<>();
        try {
            long list = cycle + PoolLayout.CYCLE_SHARED_MEMORY;
            if (memory.readLong(list + ShmLayout.LIST_SIZE) != ShmLayout.ZONE_SIZE) {
                warnings.add("cycle->shared_memory does not hold 88-byte ngx_shm_zone_t elements; zones not read");
                return new Result(List.of(), List.of());
            }
            long part = list + ShmLayout.LIST_ELTS;
            int parts = 0;
            while (part != 0 && zones.size() < MAX_ZONES && parts++ < MAX_ZONES) {
                long elts = memory.readLong(part);
                long n = memory.readLong(part + ShmLayout.LIST_NELTS - ShmLayout.LIST_ELTS);
                for (long i = 0; i < n && i < MAX_ZONES && zones.size() < MAX_ZONES; i++) {
                    ShmZone z = zone(image, elts + i * ShmLayout.ZONE_SIZE, options, warnings);
                    if (z != null) {
                        zones.add(z);
                    }
                }
                part = memory.readLong(part + ShmLayout.LIST_NEXT - ShmLayout.LIST_ELTS);
            }
        } catch (UnreadableMemoryException e) {
            warnings.add("cycle->shared_memory unreadable: " + e.getMessage());
        }
        List<ResidentClaim> claims = new ArrayList<>();
        for (ShmZone z : zones) {
            if (z.residentBytes() > 0) {
                // each zone is its own breakdown entry, named after it (zone names are unique in nginx)
                claims.add(new ResidentClaim(Category.SHARED_MEMORY, Category.NGINX_SHM, z.residentBytes(),
                        Optional.of(z.name().isEmpty() ? "unnamed" : z.name())));
            }
        }
        return new Result(zones, claims);
    }

    private static ShmZone zone(ProcessImage image, long z, NginxOptions options, List<String> warnings) {
        Memory memory = image.memory();
        byte[] b = memory.read(z, ShmLayout.ZONE_SIZE);
        long addr = Bytes.i64(b, ShmLayout.ZONE_ADDR);
        long size = Bytes.i64(b, ShmLayout.ZONE_BYTES);
        long nameLen = Bytes.i64(b, ShmLayout.ZONE_NAME_LEN);
        String name = nameLen > 0 && nameLen <= 256 ? printable(text(memory, Bytes.i64(b, ShmLayout.ZONE_NAME_DATA),
                (int) nameLen)) : "";
        if (addr == 0 || size <= 0 || image.mappingAt(addr).isEmpty()) {
            warnings.add(String.format(Locale.ROOT, "shared zone %s at 0x%x is not mapped (size %d); skipped",
                    printable(name), addr, size));
            return null;
        }
        String module = moduleName(memory, Bytes.i64(b, ShmLayout.ZONE_TAG));
        long resident = resident(image, addr, size);
        long pss = pss(image.mappingAt(addr).orElseThrow(), addr, size, resident);
        byte[] pool = memory.read(addr, ShmLayout.SLAB_POOL_SIZE);
        boolean slab = Bytes.i64(pool, ShmLayout.SLAB_ADDR) == addr
                && Bytes.i64(pool, ShmLayout.SLAB_END) == addr + size
                && Bytes.i64(pool, ShmLayout.SLAB_MIN_SHIFT) == 3;
        if (!slab) {
            return new ShmZone(name, module.isEmpty() ? "unknown" : module, "", addr, size, 0, 0, resident, pss, List.of(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
        }
        long pages = (Bytes.i64(pool, ShmLayout.SLAB_LAST) - Bytes.i64(pool, ShmLayout.SLAB_PAGES))
                / ShmLayout.SLAB_PAGE;
        long free = Bytes.i64(pool, ShmLayout.SLAB_PFREE);
        if (pages <= 0 || pages > size / PAGE || free < 0 || free > pages) {
            warnings.add("slab pool of shared zone " + printable(name) + " does not validate (pages " + pages
                    + ", free " + free + "); slab figures not read");
            pages = 0;
            free = 0;
        }
        String kind = kind(memory, Bytes.i64(pool, ShmLayout.SLAB_LOG_CTX));
        List<SlabClass> classes = classes(memory, Bytes.i64(pool, ShmLayout.SLAB_STATS), addr, size);
        String owner = !module.isEmpty() ? module : kind.isEmpty() ? "unknown" : kind;
        if (kind.equals("lua_shared_dict")) {
            DictWalker.Counts c = DictWalker.walk(memory, Bytes.i64(pool, ShmLayout.SLAB_DATA), addr, addr + size,
                    System.currentTimeMillis(), options.maxDictEntries());
            if (!c.complete()) {
                warnings.add("lua_shared_dict " + printable(name) + ": entry walk stopped early (torn or over the "
                        + "bound); counts are lower bounds");
            }
            return new ShmZone(name, owner, kind, addr, size, (pages - free) * PAGE, free * PAGE, resident, pss, classes,
                    Optional.of(c.keys()), Optional.of(c.valueBytes()), Optional.of(c.expiredKeys()),
                    Optional.of(c.expiredBytes()), c.complete());
        }
        return new ShmZone(name, owner, kind, addr, size, (pages - free) * PAGE, free * PAGE, resident, pss, classes,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    private static List<SlabClass> classes(Memory memory, long stats, long addr, long size) {
        if (stats < addr || stats + ShmLayout.SLOT_CLASSES * ShmLayout.SLAB_STAT > addr + size) {
            return List.of();
        }
        byte[] s = memory.read(stats, ShmLayout.SLOT_CLASSES * ShmLayout.SLAB_STAT);
        List<SlabClass> out = new ArrayList<>();
        for (int i = 0; i < ShmLayout.SLOT_CLASSES; i++) {
            int o = i * ShmLayout.SLAB_STAT;
            out.add(new SlabClass(8L << i, Bytes.i64(s, o), Bytes.i64(s, o + 8), Bytes.i64(s, o + 16),
                    Bytes.i64(s, o + 24)));
        }
        return out;
    }

    /** The purpose in {@code log_ctx}, e.g. {@code " in lua_shared_dict zone \"x\""} gives {@code lua_shared_dict}. */
    static String kind(Memory memory, long logCtx) {
        String t = logCtx == 0 ? "" : text(memory, logCtx, 128);
        int nul = t.indexOf('\0');
        t = nul >= 0 ? t.substring(0, nul) : t;
        if (!t.startsWith(" in ")) {
            return "";
        }
        int quote = t.indexOf(" \"");
        String what = (quote > 0 ? t.substring(4, quote) : t.substring(4)).trim();
        return printable(what.endsWith(" zone") ? what.substring(0, what.length() - 5) : what);
    }

    private static String moduleName(Memory memory, long tag) {
        try {
            long name = tag == 0 ? 0 : memory.readLong(tag + ShmLayout.MODULE_NAME);
            String s = name == 0 ? "" : text(memory, name, 64);
            int nul = s.indexOf('\0');
            s = nul >= 0 ? s.substring(0, nul) : "";
            return s.matches("ngx_[a-z0-9_]+") ? s : "";
        } catch (UnreadableMemoryException e) {
            return "";
        }
    }

    /**
     * The zone's proportional set size: the Pss smaps gives its mapping (nginx maps each zone on its own, so the
     * mapping is the zone, rounded to pages). Should a mapping hold more than the zone, the zone gets the mapping's
     * Pss-to-Rss ratio of its own resident bytes.
     */
    static long pss(Mapping m, long addr, long size, long resident) {
        if (m.start() == (addr & -PAGE) && m.end() == ((addr + size + PAGE - 1) & -PAGE)) {
            return m.pssBytes();
        }
        return m.rssBytes() == 0 ? 0 : Math.round((double) resident * m.pssBytes() / m.rssBytes());
    }

    private static long resident(ProcessImage image, long addr, long size) {
        long page = image.residency().pageSizeBytes();
        long start = addr & -page;
        long end = (addr + size + page - 1) & -page;
        try {
            Optional<BitSet> bits = image.residency().residentPages(start, end);
            return bits.map(x -> (long) x.cardinality() * page).orElse(0L);
        } catch (UnreadableMemoryException e) {
            return 0;
        }
    }

    private static String text(Memory memory, long address, int length) {
        try {
            return new String(memory.read(address, length), StandardCharsets.ISO_8859_1);
        } catch (UnreadableMemoryException e) {
            return "";
        }
    }

    /** Target text made safe for warnings and reports: printable ASCII only, at most 64 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() >= 64) {
                break;
            }
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
