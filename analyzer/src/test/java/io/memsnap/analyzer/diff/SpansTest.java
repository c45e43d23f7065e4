// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Signed counts read like signed bytes: a sign on every change, ±0 for none, grouped digits. */
class SpansTest {
    @Test
    void signedCountSignsLikeSignedBytes() {
        assertEquals("+1,234", Spans.signedCount(1234));
        assertEquals("-5", Spans.signedCount(-5));
        assertEquals("±0", Spans.signedCount(0));
        assertEquals("±0 B", Spans.signedBytes(0));
        assertEquals("-2,000,000", Spans.signedCount(-2_000_000));
    }
}
