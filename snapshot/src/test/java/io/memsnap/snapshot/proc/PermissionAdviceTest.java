// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PermissionAdviceTest {
    // /proc/self/status of a root shell in `docker run` without --cap-add SYS_PTRACE, and of a full root shell
    private static final String CONTAINER_ROOT = """
            Name:\tjava
            Uid:\t0\t0\t0\t0
            Gid:\t0\t0\t0\t0
            CapInh:\t0000000000000000
            CapPrm:\t00000000a80425fb
            CapEff:\t00000000a80425fb
            """;
    private static final String FULL_ROOT_CAP_EFF = "000001ffffffffff";

    @Test
    void rootWithoutPtraceCapabilityIsToldSo() {
        String euid = PermissionAdvice.field(CONTAINER_ROOT, "Uid:", 1);
        String capEff = PermissionAdvice.field(CONTAINER_ROOT, "CapEff:", 0);
        assertEquals("0", euid);
        assertEquals("00000000a80425fb", capEff);
        String advice = PermissionAdvice.text("0", "1", euid, capEff);
        assertTrue(advice.startsWith("memsnap runs as root but without the CAP_SYS_PTRACE capability (effective "
                + "capabilities 00000000a80425fb)"), advice);
        assertTrue(advice.contains("--cap-add SYS_PTRACE"), advice);
        assertFalse(advice.contains("run memsnap as root"), advice);
    }

    @Test
    void aNonRootUserIsToldToBecomeRootOrTheOwner() {
        assertEquals(PermissionAdvice.text("1000", "1"), PermissionAdvice.text("1000", "1", "65534", "0000000000000000"));
        assertEquals(PermissionAdvice.text("1000", "1"), PermissionAdvice.text("1000", "1", "0", FULL_ROOT_CAP_EFF));
        assertTrue(PermissionAdvice.text("1000", "1").startsWith("run memsnap as root or as the target's user (uid 1000)"));
    }

    @Test
    void capabilityBit19IsPtrace() {
        assertTrue(PermissionAdvice.hasPtraceCapability("0000000000080000"));
        assertFalse(PermissionAdvice.hasPtraceCapability("00000000a80425fb"));
    }
}
