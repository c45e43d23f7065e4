// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CmdlineTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void joinsArgumentsWithSpaces() {
        assertEquals("luajit -e print(1)", Cmdline.parse(bytes("luajit\0-e\0print(1)\0")));
    }

    @Test
    void nginxRewrittenArgvIsTrimmed() {
        // nginx overwrites argv[0] in place and pads the old argument area with NULs
        assertEquals("nginx: worker process", Cmdline.parse(bytes("nginx: worker process\0\0\0\0\0\0")));
        assertEquals("nginx: master process /usr/sbin/nginx -p /tmp/x",
                Cmdline.parse(bytes("nginx: master process /usr/sbin/nginx -p /tmp/x\0")));
    }

    @Test
    void emptyForKernelThreadsAndZombies() {
        assertEquals("", Cmdline.parse(new byte[0]));
    }
}
