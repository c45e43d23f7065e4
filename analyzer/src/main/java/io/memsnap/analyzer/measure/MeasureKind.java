// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

/** How a measure adds up with the others of its group, which decides what a feed may sum without double counting. */
public enum MeasureKind {
    /** A part of the process's RSS: the measures of this kind partition RSS exactly (the RSS breakdown). */
    RESIDENT,
    /** A part of its group: the group's items add up (size classes, object types, pool owners). */
    PART,
    /** A total or a state of a layer; not to be added to anything (allocator footprint, gc.total). */
    TOTAL
}
