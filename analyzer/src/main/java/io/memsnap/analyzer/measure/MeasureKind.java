// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

/** How a measure adds up with the others of its group, which decides what a feed may sum without double counting. */
public enum MeasureKind {
    /** A part of the process's RSS: the measures of this kind partition RSS exactly (the RSS breakdown). */
    RESIDENT,
    /**
     * A part of its layer's one partition into items: the items add up and no other {@code PART} group of the layer
     * covers the same bytes (glibc chunks in use by size class, LuaJIT objects by type, later pool bytes by owner).
     */
    PART,
    /** A total or a state of a layer; not to be added to anything (allocator footprint, gc.total). */
    TOTAL
}
