// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.List;
import java.util.Set;

/**
 * The result of walking one VM's GC object lists.
 *
 * @param tally counts, bytes, biggest objects
 * @param touchedDirect user addresses of direct chunks that some walked object owns
 * @param stringTableBytes bytes of the interned-string hash table (a block charged to gc.total, not an object)
 * @param warnings torn lists and unreadable objects, one per kind
 * @param torn a list broke, an object failed a plausibility rule, a size did not fit its chunk or the bound was hit:
 *     the heap changed under the walk (or is corrupt), and its counts must not be presented as findings
 * @param nodes every object visited, for the object graph
 */
record GcWalk(GcTally tally, Set<Long> touchedDirect, long stringTableBytes, List<String> warnings, boolean torn,
        GraphNodes nodes) {}
