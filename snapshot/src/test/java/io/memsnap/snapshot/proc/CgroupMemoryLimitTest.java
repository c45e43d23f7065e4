// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMemoryLimitTest {
    @Test
    void hybridHierarchyHasBothMemberships() {
        // captured from /proc/self/cgroup on a cgroup v1 + unified hybrid host
        String text = """
                9:name=systemd:/
                8:pids:/
                4:memory:/process_api/9dbc5687fcee22bded4b5ab26483c1a1
                2:cpuacct:/
                1:cpu:/
                0::/
                """;
        CgroupMemoryLimit.Membership m = CgroupMemoryLimit.parseMembership(text);
        assertEquals(Optional.of("/"), m.unified());
        assertEquals(Optional.of("/process_api/9dbc5687fcee22bded4b5ab26483c1a1"), m.memoryV1());
    }

    @Test
    void pureV2AndCombinedV1Controllers() {
        assertEquals(new CgroupMemoryLimit.Membership(Optional.of("/system.slice/nginx.service"), Optional.empty()),
                CgroupMemoryLimit.parseMembership("0::/system.slice/nginx.service\n"));
        assertEquals(Optional.of("/docker/abc"),
                CgroupMemoryLimit.parseMembership("5:memory,hugetlb:/docker/abc\n").memoryV1());
    }

    @Test
    void maxAndHugeValuesMeanNoLimit() {
        assertEquals(Optional.empty(), CgroupMemoryLimit.parseLimit("max\n"));
        assertEquals(Optional.empty(), CgroupMemoryLimit.parseLimit("9223372036854771712\n"));
        assertEquals(Optional.of(536870912L), CgroupMemoryLimit.parseLimit("536870912\n"));
        assertEquals(Optional.empty(), CgroupMemoryLimit.parseLimit(""));
    }

    @Test
    void walksUpToTheTightestParentLimit(@TempDir Path root) throws IOException {
        Path leaf = Files.createDirectories(root.resolve("kubepods/pod1/ctr"));
        Files.writeString(leaf.resolve("memory.max"), "max\n");
        Files.writeString(root.resolve("kubepods/pod1/memory.max"), "268435456\n");
        Files.writeString(root.resolve("kubepods/memory.max"), "1073741824\n");
        CgroupMemoryLimit.Membership v2 = new CgroupMemoryLimit.Membership(Optional.of("/kubepods/pod1/ctr"),
                Optional.empty());
        assertEquals(Optional.of(268435456L), CgroupMemoryLimit.limitFor(v2, root));
    }

    @Test
    void v1FallbackAndInvisibleCgroup(@TempDir Path root) throws IOException {
        Path leaf = Files.createDirectories(root.resolve("memory/docker/abc"));
        Files.writeString(leaf.resolve("memory.limit_in_bytes"), "134217728\n");
        Files.writeString(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        assertEquals(Optional.of(134217728L), CgroupMemoryLimit.limitFor(
                new CgroupMemoryLimit.Membership(Optional.of("/"), Optional.of("/docker/abc")), root));
        assertEquals(Optional.empty(), CgroupMemoryLimit.limitFor(
                new CgroupMemoryLimit.Membership(Optional.of("/gone"), Optional.of("/gone")), root));
    }
}
