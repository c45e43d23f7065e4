// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.snapshot.model.trace.StackTable;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The one order stacks are listed in: leaked bytes, then allocated bytes (both descending), then table index. */
public final class TraceOrder {
    private TraceOrder() {}

    /** Stack indexes of {@code s} in this order. */
    public static int[] byLeakedBytes(StackTable s) {
        return IntStream.range(0, s.size()).boxed()
                .sorted(Comparator.<Integer>comparingLong(s::leakedBytes).reversed()
                        .thenComparing(Comparator.<Integer>comparingLong(s::allocBytes).reversed())
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }
}
