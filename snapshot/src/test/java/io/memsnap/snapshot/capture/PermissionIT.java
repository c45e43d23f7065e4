// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.Target;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * memsnap run as nobody (uid 65534, via setpriv) against a root-owned fixture must fail with PERMISSION and say how
 * to fix it, for the capture, the freeze and a plain memory read. The test itself runs as root, as the build does.
 */
@EnabledOnOs(OS.LINUX)
class PermissionIT {
    @TempDir
    Path dir;

    /** The test classpath, with jars copied where nobody can read them (~/.m2 is private to root). */
    private String readableClasspath() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> out = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                Path copy = dir.resolve(p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                out.add(copy.toString());
            } else {
                out.add(entry);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    @Test
    void nobodyGetsPermissionErrorsThatSayHowToFixThem() throws Exception {
        String bin = Fixtures.compileC("known_allocs").toString();
        try (Target t = Target.start(List.of(bin))) {
            Mapping heap = SmapsParser.parse(ProcFs.readText(t.pid(), "smaps")).stream()
                    .filter(m -> m.path().equals("[heap]")).findFirst().orElseThrow();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    java, "-Djna.tmpdir=" + dir, "-cp", readableClasspath(), UnprivilegedCaptureMain.class.getName(),
                    Integer.toString(t.pid()), Long.toHexString(heap.start()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("HOME", dir.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            List<String> lines = out.lines().toList();
            assertEquals(3, lines.size(), out);
            String advice = "run memsnap as root or as the target's user (uid 0), or give it CAP_SYS_PTRACE";
            assertEquals("capture PERMISSION: permission denied reading /proc/" + t.pid() + "/maps: " + advice
                    + " (in a container: --cap-add SYS_PTRACE)", lines.get(0));
            assertTrue(lines.get(1).startsWith("freeze PERMISSION: ptrace refused for tid " + t.pid()), lines.get(1));
            assertTrue(lines.get(1).endsWith(advice + " (in a container: --cap-add SYS_PTRACE)"), lines.get(1));
            assertTrue(lines.get(2).startsWith("read PERMISSION: not allowed to read the memory of pid " + t.pid()),
                    lines.get(2));
            assertTrue(lines.get(2).contains(advice), lines.get(2));
        }
    }
}
