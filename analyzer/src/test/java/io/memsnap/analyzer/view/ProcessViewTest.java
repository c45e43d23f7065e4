// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Shares exist only of a whole that is not empty: a process of RSS 0 (a core file can be one) has none, not 0%. */
class ProcessViewTest {
    private static final ProcessSnapshot NOTHING_RESIDENT = ProcessSnapshot.unread(7, 1, Role.OTHER, "core",
            "", "", new ProcStatus(0, 0, 0, 0, 0, 0, 0, 1), Optional.empty());

    @Test
    void noShareOfAnEmptyWhole() {
        ProcessView v = ProcessView.of(NOTHING_RESIDENT, 10);
        assertFalse(v.layers().isEmpty());
        assertTrue(v.layers().stream().allMatch(l -> l.shareOfRss().isEmpty()), v.layers().toString());
        assertEquals(Optional.empty(), Shared.of("a row", 5, 0).share());
    }

    @Test
    void sharesOfAWholeThatHasBytes() {
        ProcessSnapshot p = NOTHING_RESIDENT.withMemory(4096 * 4, List.of(),
                List.of(new BreakdownEntry(Category.HEAP, 4096 * 3, Optional.empty()),
                        new BreakdownEntry(Category.STACKS, 4096, Optional.empty())));
        ProcessView v = ProcessView.of(p, 10);
        assertEquals(Optional.of(0.75), v.breakdown().get(0).share());
        assertEquals(Optional.of(0.75), v.largestLayer().shareOfRss());
        assertEquals(Optional.of(0.0), Shared.of("a row", 0, 4096).share(), "0 of a whole is a share: 0%");
    }
}
