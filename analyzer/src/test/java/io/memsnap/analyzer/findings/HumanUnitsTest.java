// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HumanUnitsTest {
    @Test
    void bytes() {
        assertEquals("0 B", HumanUnits.bytes(0));
        assertEquals("1023 B", HumanUnits.bytes(1023));
        assertEquals("1.0 KiB", HumanUnits.bytes(1024));
        assertEquals("30.4 MiB", HumanUnits.bytes(31_876_710));
        assertEquals("812 MiB", HumanUnits.bytes(812L << 20));
        assertEquals("1.2 GiB", HumanUnits.bytes(1200L << 20));
        assertEquals("8.0 EiB", HumanUnits.bytes(Long.MAX_VALUE));
    }

    @Test
    void ranges() {
        assertEquals("256–512 KiB", HumanUnits.range(256 << 10, 512 << 10));
        assertEquals("512 KiB–1 MiB", HumanUnits.range(512 << 10, 1 << 20));
        assertEquals("32–64 B", HumanUnits.range(32, 64));
        assertEquals("1000 B–2.0 KiB", HumanUnits.range(1000, 2000));
    }

    @Test
    void percent() {
        assertEquals("93%", HumanUnits.percent(0.93));
        assertEquals("2.4%", HumanUnits.percent(0.024));
        assertEquals("0.1%", HumanUnits.percent(0.001));
        assertEquals("<0.1%", HumanUnits.percent(0.0004));
        assertEquals("0%", HumanUnits.percent(0));
        assertEquals("2,240", HumanUnits.count(2240));
    }
}
