// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.glibc.GlibcHeap;
import io.memsnap.snapshot.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.ResidentClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link LayerWalker} reports what it found in one process: the glibc or LuaJIT section, resident claims
 * that refine the RSS breakdown, and warnings. One sink per walker per process. Not thread-safe.
 */
public final class LayerSink {
    private final ProcessFacts facts;
    private GlibcHeap glibc;
    private LuaJitHeap luajit;
    private final List<ResidentClaim> claims = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** A sink for the process described by {@code facts}. */
    public LayerSink(ProcessFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** Identity and counters of the process being walked (role, pid, thread stack pointers). */
    public ProcessFacts facts() {
        return facts;
    }

    /** Sets the glibc malloc section. */
    public void setGlibc(GlibcHeap heap) {
        this.glibc = Objects.requireNonNull(heap, "heap");
    }

    /** Sets the LuaJIT section. */
    public void setLuaJit(LuaJitHeap heap) {
        this.luajit = Objects.requireNonNull(heap, "heap");
    }

    /** Adds a claim that moves resident bytes from a base category to a finer one. */
    public void addClaim(ResidentClaim claim) {
        claims.add(Objects.requireNonNull(claim, "claim"));
    }

    /** Adds a warning in plain words (no string contents from target memory). */
    public void addWarning(String warning) {
        warnings.add(Objects.requireNonNull(warning, "warning"));
    }

    /** The glibc section, if set. */
    public Optional<GlibcHeap> glibc() {
        return Optional.ofNullable(glibc);
    }

    /** The LuaJIT section, if set. */
    public Optional<LuaJitHeap> luajit() {
        return Optional.ofNullable(luajit);
    }

    /** Claims in the order they were added. */
    public List<ResidentClaim> claims() {
        return List.copyOf(claims);
    }

    /** Warnings in the order they were added. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
