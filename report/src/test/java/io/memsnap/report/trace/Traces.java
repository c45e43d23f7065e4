// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.util.List;

/** A small trace with known numbers, including frame names that try to break every output format. */
final class Traces {
    static final String HOSTILE = "evil</script><img src=x onerror=alert(1)>;x \n\u2028&amp;";

    private Traces() {}

    static LeakTrace sample() {
        StackTable.Builder b = new StackTable.Builder();
        int a = b.stack(LeakKind.MALLOC, List.of("main", "handler", "ngx_palloc", "malloc"));
        b.allocated(a, 4096, 1);
        b.allocated(a, 4096, 1);
        b.leaked(a, 4096, 1);
        int h = b.stack(LeakKind.MALLOC, List.of("main", HOSTILE, "malloc"));
        b.allocated(h, 10_000, 1);
        b.leaked(h, 10_000, 1);
        int p = b.stack(LeakKind.POOL, List.of("main", "handler", "ngx_create_pool"));
        b.allocated(p, 1024, 3);
        b.leaked(p, 1024, 3);
        int none = b.stack(LeakKind.MALLOC, List.of("main", "balanced", "malloc"));
        b.allocated(none, 50_000, 1);
        return new LeakTrace(List.of(42), 60_000, 5_000, 4096, 1, 9, 0, false, List.of(), b.build());
    }
}
