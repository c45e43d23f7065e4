// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.analyzer.measure.MeasureKind;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** An owner's words in the pool-growth sentence, with and without pool counts on both sides. */
class NginxDiffWordsTest {
    private static final MeasureKey KEY = new MeasureKey("nginx", "owner", "ngx_http_foo_module", 0);

    @Test
    void withCounts() {
        MeasureDelta d = new MeasureDelta(KEY, MeasureKind.PART, 1 << 20, 3 << 20, OptionalLong.of(4),
                OptionalLong.of(6));
        assertEquals("ngx_http_foo_module +2.0 MiB (+2 pools, 1.0 MiB -> 3.0 MiB)", NginxDiffWords.owner(d));
    }

    @Test
    void withoutCountsTheParenthesisStillReads() {
        MeasureDelta d = new MeasureDelta(KEY, MeasureKind.PART, 1 << 20, 3 << 20, OptionalLong.empty(),
                OptionalLong.empty());
        assertEquals("ngx_http_foo_module +2.0 MiB (1.0 MiB -> 3.0 MiB)", NginxDiffWords.owner(d));
    }
}
