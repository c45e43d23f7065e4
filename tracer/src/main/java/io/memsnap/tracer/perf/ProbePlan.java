// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import io.memsnap.snapshot.elf.ElfFile;
import io.memsnap.snapshot.elf.ElfSymbol;
import io.memsnap.snapshot.elf.ProgramHeader;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which uprobes a trace of one process needs: the malloc family and {@code free} in the libc it maps, and nginx's
 * pool functions when its executable exports them. Allocation probes are return probes (the returned pointer and
 * the chunk header at {@code $retval-8} are fetched in the kernel, which filters on the chunk size before any
 * stack is copied); frees and realloc's old pointer are entry probes without a stack.
 */
public final class ProbePlan {
    /** malloc-family functions traced at their return: they return the new block. */
    static final List<String> ALLOCATORS = List.of("malloc", "calloc", "realloc", "memalign", "aligned_alloc");
    /**
     * Names {@code --probes} takes: the allocators, {@code free} (with realloc's old pointer and, with pools,
     * {@code ngx_destroy_pool}) and {@code pools} ({@code ngx_create_pool}).
     */
    public static final List<String> NAMES = List.of("malloc", "calloc", "realloc", "memalign", "aligned_alloc",
            "free", "pools");

    private ProbePlan() {}

    /** The probes for {@code pid} among {@code selected} ({@link #NAMES}), in groups named after {@code ownerPid}. */
    public static List<Probe> forProcess(int pid, int ownerPid, long minSizeBytes, java.util.Set<String> selected) {
        List<Mapping> maps = SmapsParser.parse(ProcFs.readText(pid, "maps"));
        String libc = libcPath(maps).orElseThrow(() -> new MemsnapException(Kind.UNSUPPORTED,
                "no libc mapped in pid " + pid + " (statically linked?): memsnap trace probes glibc's malloc"));
        List<Probe> probes = new ArrayList<>(libcProbes("memsnap_" + ownerPid + "_libc", libc,
                dynamicFunctions(libc), minSizeBytes, selected));
        String exe = ProcFs.readLink(pid, "exe");
        Map<String, Long> exeSyms = dynamicFunctions(exe);
        if (selected.contains("pools") && exeSyms.containsKey("ngx_create_pool")
                && exeSyms.containsKey("ngx_destroy_pool")) {
            String g = "memsnap_" + ownerPid + "_ngx";
            // ngx_pool_t: d.last @0, d.end @8 (shared/reference/allocator-layouts.md): size = end - pool
            probes.add(new Probe(g, "create_pool", exe, "ngx_create_pool", exeSyms.get("ngx_create_pool"), true, "ret=$retval:u64 end=+8($retval):u64",
                    true, ""));
            if (selected.contains("free")) {
                probes.add(new Probe(g, "destroy_pool", exe, "ngx_destroy_pool", exeSyms.get("ngx_destroy_pool"), false,
                        "pool=%di:u64", false, ""));
            }
        }
        return probes;
    }

    /**
     * The libc probes, at the addresses of the {@code .dynsym} definitions (by name, perf probe also probes libc's
     * own PLT stubs, so calls through them would be seen twice). A function that aliases an earlier one (glibc's
     * {@code aligned_alloc} is {@code memalign}) is skipped for the same reason.
     */
    static List<Probe> libcProbes(String group, String libc, Map<String, Long> functions, long minSizeBytes,
            java.util.Set<String> selected) {
        String filter = minSizeBytes > 0 ? "csize>=" + minSizeBytes : "";
        List<Probe> probes = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (String f : ALLOCATORS) {
            Long addr = functions.get(f);
            if (addr != null && selected.contains(f) && seen.add(addr)) {
                probes.add(new Probe(group, f, libc, f, addr, true, "ret=$retval:u64 csize=+-8($retval):u64", true, filter));
            }
        }
        if (!selected.contains("free")) {
            return probes; // liveness is decided by a heap walk at the end of the window
        }
        if (functions.containsKey("realloc") && selected.contains("realloc")) {
            probes.add(new Probe(group, "realloc_old", libc, "realloc", functions.get("realloc"), false, "old=%di:u64 csize=+-8(%di):u64",
                    false, filter));
        }
        probes.add(new Probe(group, "free", libc, "free", functions.get("free"), false, "ptr=%di:u64 csize=+-8(%di):u64", false, filter));
        return probes;
    }

    static Optional<String> libcPath(List<Mapping> maps) {
        for (Mapping m : maps) {
            String base = m.path().substring(m.path().lastIndexOf('/') + 1);
            if (base.equals("libc.so.6") || base.matches("libc-[0-9.]+\\.so")) {
                return Optional.of(m.path());
            }
        }
        return Optional.empty();
    }

    /** Defined function symbols of {@code path}'s {@code .dynsym}, name (without version) to file offset. */
    static Map<String, Long> dynamicFunctions(String path) {
        Map<String, Long> out = new HashMap<>();
        try (ElfFile elf = ElfFile.open(java.nio.file.Path.of(path))) {
            for (ElfSymbol s : elf.dynamicSymbols()) {
                if (s.type() == ElfSymbol.STT_FUNC && s.value() != 0) {
                    int at = s.name().indexOf('@');
                    fileOffset(elf.programHeaders(), s.value()).ifPresent(
                            off -> out.putIfAbsent(at > 0 ? s.name().substring(0, at) : s.name(), off));
                }
            }
        }
        return out;
    }

    /** The file offset of {@code vaddr} through the executable PT_LOAD segment that maps it. */
    static Optional<Long> fileOffset(List<ProgramHeader> headers, long vaddr) {
        for (ProgramHeader h : headers) {
            if (h.type() == ProgramHeader.PT_LOAD && (h.flags() & ProgramHeader.PF_X) != 0 && h.containsVaddr(vaddr)) {
                return Optional.of(vaddr - h.vaddr() + h.offset());
            }
        }
        return Optional.empty();
    }
}
