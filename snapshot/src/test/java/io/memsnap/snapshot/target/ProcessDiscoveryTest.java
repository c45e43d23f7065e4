// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.proc.SmapsParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessDiscoveryTest {
    private static final String LUAJIT_LIB = "7f1c2b400000-7f1c2b47e000 r-xp 00000000 08:01 1183455"
            + "                    /usr/lib/x86_64-linux-gnu/libluajit-5.1.so.2.1.0\n";

    @Test
    void nginxTitlesGiveMasterAndWorkers() {
        assertEquals(Role.MASTER, ProcessDiscovery.classify("nginx",
                "nginx: master process /usr/sbin/nginx -p /tmp/x -c /tmp/x/nginx.conf", "/usr/sbin/nginx", List.of()));
        assertEquals(Role.WORKER, ProcessDiscovery.classify("nginx", "nginx: worker process", "/usr/sbin/nginx",
                SmapsParser.parse(LUAJIT_LIB)));
        assertEquals(Role.WORKER, ProcessDiscovery.classify("nginx", "nginx: worker process is shutting down", "",
                List.of()));
        assertEquals(Role.WORKER, ProcessDiscovery.classify("nginx", "nginx: cache manager process", "", List.of()));
        assertEquals(Role.WORKER, ProcessDiscovery.classify("nginx", "nginx: privileged agent process", "", List.of()));
    }

    @Test
    void luajitByExecutableOrLibrary() {
        assertEquals(Role.LUAJIT, ProcessDiscovery.classify("luajit", "luajit -e x", "/usr/bin/luajit-2.1.0-beta3",
                List.of()));
        assertEquals(Role.LUAJIT, ProcessDiscovery.classify("myhost", "./myhost", "/opt/myhost",
                SmapsParser.parse(LUAJIT_LIB)));
    }

    @Test
    void anythingElseIsOther() {
        assertEquals(Role.OTHER, ProcessDiscovery.classify("sleep", "sleep 100", "/usr/bin/sleep", List.of()));
        // a process merely named like nginx's title but not comm nginx
        assertEquals(Role.OTHER, ProcessDiscovery.classify("bash", "nginx: master process", "/bin/bash", List.of()));
    }
}
