// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StackTableTest {
    static StackTable build() {
        StackTable.Builder b = new StackTable.Builder();
        int a = b.stack(LeakKind.MALLOC, List.of("main", "f", "malloc"));
        int again = b.stack(LeakKind.MALLOC, List.of("main", "f", "malloc"));
        int pool = b.stack(LeakKind.POOL, List.of("main", "f", "malloc"));
        assertEquals(a, again, "equal stacks of one kind share an id");
        assertNotEquals(a, pool, "kinds stay apart");
        for (int i = 0; i < 100; i++) { // past the initial counter capacity
            b.stack(LeakKind.MALLOC, List.of("main", "g" + i));
        }
        b.allocated(a, 100, 2);
        b.leaked(a, 100, 2);
        b.allocated(pool, 4096, 1);
        return b.build();
    }

    @Test
    void internsFramesMergesStacksAndKeepsCounters() {
        StackTable t = build();
        assertEquals(102, t.size());
        assertEquals(103, t.frameNameCount(), "main, f, malloc and g0..g99 once each");
        assertEquals(3, t.depth(0));
        assertEquals("main", t.frame(0, 0));
        assertEquals(t.frameId(0, 2), t.frameId(1, 2));
        assertEquals(2, t.leakedCount(0));
        assertEquals(200, t.leakedBytes(0));
        assertEquals(2, t.allocCount(0));
        assertEquals(200, t.allocBytes(0));
        assertEquals(LeakKind.POOL, t.kind(1));
        assertEquals(4096, t.allocBytes(1));
        assertEquals(0, t.allocBytes(101));
        assertEquals(build(), t, "same content, equal tables");
    }

    @Test
    void traceValidatesAndSumsByKind() {
        LeakTrace trace = new LeakTrace(List.of(1), 1000, 0, 0, 1, 3, 0, false, List.of(), build());
        assertEquals(200, trace.leakedBytes(LeakKind.MALLOC));
        assertEquals(0, trace.leakedBytes(LeakKind.POOL));
        assertEquals(true, trace.complete());
        assertEquals(false, new LeakTrace(List.of(1), 1000, 0, 0, 1, 3, 5, false, List.of(), build()).complete());
        assertThrows(IllegalArgumentException.class,
                () -> new LeakTrace(List.of(1), 1000, 0, 0, 0, 3, 0, false, List.of(), build()));
    }
}
